import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock, realClock, timeoutSignal } from "./clock.ts";

test("ManualClock fires timers in due order, ties in creation order, as time advances", async () => {
  const clock = new ManualClock(1000);
  const fired: string[] = [];
  clock.after(30, () => fired.push("c"));
  clock.after(10, () => fired.push("a"));
  clock.after(10, () => fired.push("b"));
  await clock.advance(9);
  assert.deepEqual(fired, []);
  await clock.advance(1);
  assert.deepEqual(fired, ["a", "b"]);
  assert.equal(clock.now(), 1010);
  await clock.advance(100);
  assert.deepEqual(fired, ["a", "b", "c"]);
  assert.equal(clock.now(), 1110);
  assert.equal(clock.pending(), 0);
});

test("ManualClock: a timer set by an async continuation of another fires in the same advance", async () => {
  const clock = new ManualClock();
  const start = clock.now();
  const seen: number[] = [];
  const loop = async (): Promise<void> => {
    for (let i = 0; i < 3; i++) {
      await clock.sleep(100);
      seen.push(clock.now() - start);
    }
  };
  const done = loop();
  await clock.advance(1000);
  await done;
  assert.deepEqual(seen, [100, 200, 300]);
});

test("cancelled timers do not fire; sleep resolves false on abort and true when time passes", async () => {
  const clock = new ManualClock();
  let fired = false;
  const t = clock.after(5, () => (fired = true));
  t.cancel();
  await clock.advance(10);
  assert.equal(fired, false);

  const ac = new AbortController();
  const slept = clock.sleep(1000, ac.signal);
  ac.abort();
  assert.equal(await slept, false);
  assert.equal(clock.pending(), 0, "the aborted sleep's timer is cancelled");

  const full = clock.sleep(50);
  await clock.advance(50);
  assert.equal(await full, true);
  assert.equal(await clock.sleep(1, AbortSignal.abort()), false);
});

test("timeoutSignal aborts after its time or with its parent, and disposes cleanly", async () => {
  const clock = new ManualClock();
  const t = timeoutSignal(clock, 100);
  await clock.advance(99);
  assert.equal(t.signal.aborted, false);
  await clock.advance(1);
  assert.equal(t.signal.aborted, true);
  assert.equal((t.signal.reason as DOMException).name, "TimeoutError");

  const parent = new AbortController();
  const u = timeoutSignal(clock, 100, parent.signal);
  parent.abort("bye");
  assert.equal(u.signal.aborted, true);
  u.dispose();
  assert.equal(clock.pending(), 0);
});

test("realClock sleeps for real", async () => {
  const start = Date.now();
  assert.equal(await realClock.sleep(20), true);
  assert.ok(Date.now() - start >= 15);
  assert.ok(Math.abs(realClock.now() - Date.now()) < 5);
});
