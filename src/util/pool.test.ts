import { test } from "node:test";
import assert from "node:assert/strict";
import { forEachLimit } from "./pool.ts";

test("forEachLimit visits every item once with bounded concurrency", async () => {
  let inFlight = 0;
  let peak = 0;
  const seen: number[] = [];
  await forEachLimit([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
    peak = Math.max(peak, ++inFlight);
    await new Promise((r) => setTimeout(r, 2));
    seen.push(item);
    inFlight--;
  });
  assert.equal(peak, 3);
  assert.deepEqual(seen.sort(), [1, 2, 3, 4, 5, 6, 7]);
});

test("forEachLimit rejects with the first failure", async () => {
  await assert.rejects(
    forEachLimit([1, 2, 3], 2, (item) => (item === 2 ? Promise.reject(new Error("two")) : Promise.resolve())),
    /two/,
  );
});
