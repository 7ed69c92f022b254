import { test } from "node:test";
import assert from "node:assert/strict";
import { RepoError } from "../errors.ts";
import {
  boundaryConfig,
  currentDigest,
  cutDigest,
  defaultMaxSize,
  defaultMinSize,
  findBoundary,
  newBoundaryState,
} from "./boundary.ts";
import type { BoundaryConfig } from "./boundary.ts";
import { goRandomUint32Bytes } from "./go-math-rand.ts";

const testPol = 0x3da3358b4dc173n;

interface Cut {
  length: number;
  cut: bigint;
}

/** Cuts data feeding findBoundary `step` bytes per call (the whole buffer when step is 0). */
function cuts(config: BoundaryConfig, data: Uint8Array, step = 0): Cut[] {
  const state = newBoundaryState(config);
  const out: Cut[] = [];
  let chunkStart = 0;
  for (let from = 0; from < data.length;) {
    const to = step === 0 ? data.length : Math.min(data.length, from + step);
    const end = findBoundary(state, config, data, from, to);
    if (end < 0) {
      from = to;
      continue;
    }
    out.push({ length: end - chunkStart, cut: cutDigest(state) });
    chunkStart = from = end;
  }
  if (chunkStart < data.length) out.push({ length: data.length - chunkStart, cut: currentDigest(state) });
  return out;
}

test("defaults are restic's, and the options map to its WithBoundaries and WithAverageBits", () => {
  const c = boundaryConfig(testPol);
  assert.equal(c.minSize, defaultMinSize);
  assert.equal(c.maxSize, defaultMaxSize);
  assert.equal(c.maskLo, 0xfffff);
  assert.equal(c.maskHi, 0);
  assert.equal(c.shift, 13);
  assert.equal(boundaryConfig(testPol, { averageBits: 32 }).maskLo, -1);
  assert.equal(boundaryConfig(testPol, { averageBits: 32 }).maskHi, 0);
  assert.equal(boundaryConfig(testPol, { averageBits: 53 }).maskHi, 0x1fffff);
  assert.equal(boundaryConfig(testPol, { averageBits: 0 }).maskLo, 0);
});

test("invalid polynomials and options are RepoError InvalidArgument", () => {
  const bad: [bigint, object][] = [
    [0n, {}],
    [0xbn, {}],
    [1n << 54n, {}],
    [-testPol, {}],
    [1n << 70n, {}],
    [testPol, { minSize: 63 }],
    [testPol, { minSize: 1000.5 }],
    [testPol, { minSize: 4096, maxSize: 4095 }],
    [testPol, { averageBits: 54 }],
    [testPol, { averageBits: -1 }],
  ];
  for (const [pol, options] of bad) {
    assert.throws(
      () => boundaryConfig(pol, options),
      (e) => RepoError.is(e, "InvalidArgument"),
      JSON.stringify(options),
    );
  }
});

test("a new state holds the 0x01 primer and skips minSize − 64 bytes", () => {
  const config = boundaryConfig(testPol, { minSize: 1000, maxSize: 4000 });
  const state = newBoundaryState(config);
  assert.equal(currentDigest(state), 1n);
  assert.equal(state.pre, 936);
  assert.equal(state.window[0], 1);
  const data = new Uint8Array(900).fill(0xaa);
  assert.equal(findBoundary(state, config, data, 0, 900), -1);
  assert.equal(currentDigest(state), 1n, "skipped bytes are not hashed");
  assert.equal(state.count, 900);
  assert.equal(state.pre, 36);
});

test("zeros cut at exactly minSize with cut 0", () => {
  const config = boundaryConfig(testPol);
  assert.deepEqual(
    cuts(config, new Uint8Array(4 * defaultMinSize)),
    Array(4).fill({ length: defaultMinSize, cut: 0n }),
  );
});

test("without a split-mask match, chunks end at exactly maxSize", async () => {
  const data = (await goRandomUint32Bytes(7n, 1024 * 1024 + 5)).subarray(0, 1024 * 1024 + 5);
  const config = boundaryConfig(testPol, { minSize: 64, maxSize: 64 * 1024, averageBits: 53 });
  const lengths = cuts(config, data).map((c) => c.length);
  assert.deepEqual(lengths, [...Array<number>(16).fill(64 * 1024), 5]);
});

test("feeding one byte per call gives the same cuts as feeding everything at once", async () => {
  const data = await goRandomUint32Bytes(23n, 32 * 1024 * 1024);
  const config = boundaryConfig(testPol);
  const whole = cuts(config, data);
  assert.equal(whole.length, 23);
  assert.deepEqual(whole[0], { length: 2163460, cut: 0x000b98d4cdf00000n });
  assert.deepEqual(whole.at(-1), { length: 237392, cut: 1n });
  assert.deepEqual(cuts(config, data, 1), whole);
  assert.deepEqual(cuts(config, data, 63), whole);
  assert.deepEqual(cuts(config, data, 65), whole);
  assert.deepEqual(cuts(config, data, 100_003), whole);
});

test("small windows of the config cut the same whatever the step", async () => {
  const data = await goRandomUint32Bytes(5n, 512 * 1024);
  const config = boundaryConfig(testPol, { minSize: 64, maxSize: 8192, averageBits: 10 });
  const whole = cuts(config, data);
  assert.ok(whole.length > 100);
  for (const step of [1, 2, 64, 127, 4096]) assert.deepEqual(cuts(config, data, step), whole, `step ${step}`);
});
