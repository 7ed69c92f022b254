import { test } from "node:test";
import assert from "node:assert/strict";
import { Backoff, jittered } from "./backoff.ts";
import { ItemExponentialBackoff } from "./item-backoff.ts";

test("Backoff doubles from 1 s to a 30 s cap and starts over after reset", () => {
  const b = new Backoff({ random: () => 0 });
  assert.deepEqual(
    Array.from({ length: 7 }, () => b.next()),
    [1000, 2000, 4000, 8000, 16000, 30000, 30000],
  );
  assert.equal(b.attempts, 7);
  b.reset();
  assert.equal(b.next(), 1000);
});

test("Backoff jitter stretches a delay by up to 20 % and never passes the cap", () => {
  const b = new Backoff({ random: () => 0.999 });
  assert.equal(b.next(), 1200);
  for (let i = 0; i < 10; i++) assert.ok(b.next() <= 30_000);
  assert.equal(
    jittered(1000, 0.1, () => 0.5),
    1050,
  );
});

test("per-key backoff: 5 ms doubling to 1000 s, independent keys, forget resets", () => {
  const limiter = new ItemExponentialBackoff();
  assert.deepEqual(
    Array.from({ length: 5 }, () => limiter.when("a")),
    [5, 10, 20, 40, 80],
  );
  assert.equal(limiter.when("b"), 5, "another key starts at the base");
  assert.equal(limiter.retries("a"), 5);
  for (let i = 0; i < 100; i++) limiter.when("a");
  assert.equal(limiter.when("a"), 1_000_000, "capped at 1000 s");
  limiter.forget("a");
  assert.equal(limiter.retries("a"), 0);
  assert.equal(limiter.when("a"), 5);
});
