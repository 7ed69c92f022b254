import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "./clock.ts";
import { KubeError } from "./errors.ts";
import { WorkQueue, type ReconcileResult } from "./workqueue.ts";

/** A reconcile whose calls the test finishes by hand. */
function manual() {
  const calls: Array<{ key: string; finish: (r?: ReconcileResult) => void; fail: (e: unknown) => void }> = [];
  const reconcile = (key: string) =>
    new Promise<ReconcileResult>((resolve, reject) => calls.push({ key, finish: resolve, fail: reject }));
  return { calls, reconcile, keys: () => calls.map((c) => c.key) };
}

test("a key added many times while waiting is reconciled once", async () => {
  const clock = new ManualClock();
  const q = new WorkQueue({ clock });
  const seen: string[] = [];
  q.add("ns/a");
  q.add("ns/a");
  q.add("ns/b");
  q.add("ns/a");
  assert.equal(q.length, 2);
  q.run((key) => {
    seen.push(key);
    return Promise.resolve();
  });
  await clock.flush();
  assert.deepEqual(seen, ["ns/a", "ns/b"]);
  await q.shutdown();
});

test("one reconcile per key at a time; an add during it queues exactly one more run after", async () => {
  const clock = new ManualClock();
  const q = new WorkQueue({ clock, workers: 4 });
  const m = manual();
  q.run(m.reconcile);
  q.add("k");
  await clock.flush();
  assert.deepEqual(m.keys(), ["k"]);
  q.add("k");
  q.add("k");
  q.add("other");
  await clock.flush();
  assert.deepEqual(m.keys(), ["k", "other"], "k is not started twice; other keys proceed on free workers");
  m.calls[0]?.finish();
  await clock.flush();
  assert.deepEqual(m.keys(), ["k", "other", "k"], "k runs once more after the first run ends");
  m.calls[2]?.finish();
  m.calls[1]?.finish();
  await clock.flush();
  assert.equal(m.calls.length, 3);
  await q.shutdown();
});

test("workers bound concurrency", async () => {
  const clock = new ManualClock();
  const q = new WorkQueue({ clock, workers: 2 });
  const m = manual();
  q.run(m.reconcile);
  for (const k of ["a", "b", "c", "d"]) q.add(k);
  await clock.flush();
  assert.deepEqual(m.keys(), ["a", "b"]);
  assert.equal(q.inFlight, 2);
  assert.equal(q.length, 2);
  m.calls[1]?.finish();
  await clock.flush();
  assert.deepEqual(m.keys(), ["a", "b", "c"]);
  m.calls[0]?.finish();
  m.calls[2]?.finish();
  await clock.flush();
  m.calls[3]?.finish();
  await q.shutdown();
});

test("failures are retried with per-key backoff 5, 10, 20 ms…; success forgets", async () => {
  const clock = new ManualClock();
  const q = new WorkQueue({ clock });
  const times: number[] = [];
  const start = clock.now();
  let failuresLeft = 4;
  q.run(() => {
    times.push(clock.now() - start);
    if (failuresLeft-- > 0) return Promise.reject(new Error("transient"));
    return Promise.resolve();
  });
  q.add("k");
  await clock.advance(1000);
  assert.deepEqual(times, [0, 5, 15, 35, 75]);
  assert.equal(q.numRequeues("k"), 0, "the success forgot the failures");
  q.addRateLimited("k");
  await clock.advance(5);
  assert.equal(times.length, 6, "after forget the backoff starts again at 5 ms");
  await q.shutdown();
});

test("requeueAfterMs queues the key again after that delay", async () => {
  const clock = new ManualClock();
  const q = new WorkQueue({ clock });
  const times: number[] = [];
  const start = clock.now();
  q.run(() => {
    times.push(clock.now() - start);
    return Promise.resolve(times.length < 3 ? { requeueAfterMs: 30_000 } : undefined);
  });
  q.add("k");
  await clock.advance(120_000);
  assert.deepEqual(times, [0, 30_000, 60_000]);
  await q.shutdown();
});

test("addAfter keeps the earliest pending delay per key", async () => {
  const clock = new ManualClock();
  const q = new WorkQueue({ clock });
  const times: number[] = [];
  const start = clock.now();
  q.run(() => {
    times.push(clock.now() - start);
    return Promise.resolve();
  });
  q.addAfter("k", 500);
  q.addAfter("k", 100);
  q.addAfter("k", 300);
  await clock.advance(1000);
  assert.deepEqual(times, [100]);
  await q.shutdown();
});

test("shutdown waits for reconciles in flight, drops waiting keys and ignores later adds", async () => {
  const clock = new ManualClock();
  const q = new WorkQueue({ clock });
  const m = manual();
  const signals: AbortSignal[] = [];
  q.run((key, signal) => {
    signals.push(signal);
    return m.reconcile(key);
  });
  q.add("a");
  q.add("b");
  q.addAfter("c", 1000);
  await clock.flush();
  let done = false;
  const stopping = q.shutdown().then(() => (done = true));
  await clock.flush();
  assert.equal(done, false, "a is still running");
  assert.equal(signals[0]?.aborted, false, "graceful: the reconcile is not aborted");
  q.add("d");
  m.calls[0]?.fail(new Error("late failure is not retried"));
  await stopping;
  await clock.advance(10_000);
  assert.deepEqual(m.keys(), ["a"]);
  assert.equal(clock.pending(), 0);
  assert.throws(
    () => q.run(m.reconcile),
    (err) => KubeError.is(err),
  );
});

test("shutdown({ abortInFlight }) aborts the reconciles' signal", async () => {
  const clock = new ManualClock();
  const q = new WorkQueue({ clock });
  q.run(
    (_key, signal) =>
      new Promise((resolve) => {
        signal.addEventListener("abort", () => resolve(), { once: true });
      }),
  );
  q.add("a");
  await clock.flush();
  await q.shutdown({ abortInFlight: true });
  assert.equal(q.inFlight, 0);
});

test("workers must be a positive integer", () => {
  assert.throws(() => new WorkQueue({ workers: 0 }), /workers/);
});
