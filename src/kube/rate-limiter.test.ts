import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "./clock.ts";
import { KubeError } from "./errors.ts";
import { defaultClientBurst, defaultClientQps, TokenBucket } from "./rate-limiter.ts";

test("defaults are Velero's --client-qps 100 / --client-burst 100", () => {
  assert.equal(defaultClientQps, 100);
  assert.equal(defaultClientBurst, 100);
  const bucket = new TokenBucket({ clock: new ManualClock() });
  assert.equal(bucket.qps, 100);
  assert.equal(bucket.burst, 100);
});

test("a burst passes at once, then requests are spaced 1/qps apart, in order", async () => {
  const clock = new ManualClock();
  const bucket = new TokenBucket({ qps: 2, burst: 3, clock });
  const start = clock.now();
  const granted: number[] = [];
  const all = Array.from({ length: 6 }, (_, i) => bucket.acquire().then(() => granted.push(i) && undefined));
  await clock.flush();
  assert.deepEqual(granted, [0, 1, 2], "the burst");
  await clock.advance(499);
  assert.deepEqual(granted, [0, 1, 2]);
  await clock.advance(1);
  assert.deepEqual(granted, [0, 1, 2, 3]);
  await clock.advance(1000);
  assert.deepEqual(granted, [0, 1, 2, 3, 4, 5]);
  await Promise.all(all);
  assert.equal(clock.now() - start, 1500);
});

test("tokens refill up to burst while idle, never beyond", async () => {
  const clock = new ManualClock();
  const bucket = new TokenBucket({ qps: 10, burst: 2, clock });
  assert.equal(bucket.tryAcquire(), true);
  assert.equal(bucket.tryAcquire(), true);
  assert.equal(bucket.tryAcquire(), false);
  await clock.advance(100);
  assert.equal(bucket.tryAcquire(), true);
  assert.equal(bucket.tryAcquire(), false);
  await clock.advance(60_000);
  assert.equal(bucket.tryAcquire(), true);
  assert.equal(bucket.tryAcquire(), true);
  assert.equal(bucket.tryAcquire(), false);
});

test("an aborted wait rejects with Aborted and gives its reservation back", async () => {
  const clock = new ManualClock();
  const bucket = new TokenBucket({ qps: 1, burst: 1, clock });
  await bucket.acquire();
  const ac = new AbortController();
  const waiting = bucket.acquire(ac.signal);
  ac.abort();
  await assert.rejects(waiting, (err) => KubeError.is(err, "Aborted"));
  await clock.advance(1000);
  assert.equal(bucket.tryAcquire(), true, "the cancelled reservation did not consume the refilled token");
});

test("bad settings are rejected with InvalidArgument", () => {
  assert.throws(
    () => new TokenBucket({ qps: 0 }),
    (err) => KubeError.is(err, "InvalidArgument"),
  );
  assert.throws(() => new TokenBucket({ burst: 0.5 }), /burst/);
});
