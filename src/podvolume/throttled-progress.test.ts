import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "../kube/clock.ts";
import { silentLog } from "../kube/log.ts";
import type { VolumeProgress } from "./backup-volume.ts";
import { ThrottledProgress } from "./throttled-progress.ts";

test("progress is written at most once per interval", async () => {
  const clock = new ManualClock(1_000_000);
  const written: VolumeProgress[] = [];
  const progress = new ThrottledProgress(
    (p) => {
      written.push(p);
      return Promise.resolve();
    },
    { intervalMs: 2000, clock, log: silentLog },
  );
  let at = 0;
  for (const [next, done] of [
    [0, 1],
    [500, 2],
    [1999, 3],
    [2000, 4],
    [3999, 5],
    [4000, 6],
  ] as const) {
    await clock.advance(next - at);
    at = next;
    progress.report({ totalBytes: 10, bytesDone: done });
  }
  await progress.stop();
  assert.deepEqual(
    written.map((p) => p.bytesDone),
    [1, 4, 6],
  );
});

test("a failing write never fails the run", async () => {
  const clock = new ManualClock(0);
  const progress = new ThrottledProgress(() => Promise.reject(new Error("API down")), {
    intervalMs: 2000,
    clock,
    log: silentLog,
  });
  progress.report({ totalBytes: 1, bytesDone: 1 });
  await progress.stop();
});

test("the heartbeat beats only while nothing else was written, and stops with the run", async () => {
  const clock = new ManualClock(0);
  const beats: number[] = [];
  const progress = new ThrottledProgress(() => Promise.resolve(), {
    intervalMs: 2000,
    clock,
    log: silentLog,
    heartbeatMs: 5000,
    heartbeat: () => {
      beats.push(clock.now());
      return Promise.resolve();
    },
  });
  progress.start();
  await clock.advance(5000); // quiet since the start: beat
  await clock.advance(2000);
  progress.report({ totalBytes: 1, bytesDone: 1 }); // a progress write at 7 s
  await clock.advance(3000); // 10 s: only 3 s since that write: no beat
  await clock.advance(5000); // 15 s: quiet for 8 s: beat
  await progress.stop();
  await clock.advance(20_000);
  assert.deepEqual(beats, [5000, 15_000]);
});
