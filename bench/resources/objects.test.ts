/** Tests of the benchmark's data-set sizing. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { dataSet } from "./objects.ts";

test("scale 1 is 20,000 objects in 200 namespaces, 100 in each", () => {
  const set = dataSet(1);
  assert.equal(set.total, 20_000);
  assert.equal(set.namespaces.length, 200);
  assert.equal(new Set(set.namespaces).size, 200);
  assert.equal(set.namespaces[0], "bench-0001");
  assert.equal(set.namespaces.at(-1), "bench-0200");
});

test("scale 0.1 keeps 100 objects per namespace", () => {
  const set = dataSet(0.1);
  assert.deepEqual([set.total, set.namespaces.length], [2000, 20]);
});

test("a scale that is not a positive number is refused, naming BENCH_SCALE", () => {
  for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => dataSet(bad), /BENCH_SCALE must be a positive number/);
  }
});
