import { test } from "node:test";
import assert from "node:assert/strict";
import { deg, mod } from "./polynomial.ts";
import { tablesFor, windowSize } from "./tables.ts";

const testPol = 0x3da3358b4dc173n;

const join = (hi: Int32Array, lo: Int32Array, b: number): bigint =>
  (BigInt(hi[b]! >>> 0) << 32n) | BigInt(lo[b]! >>> 0);

/** restic's definition: hash of byte b followed by windowSize − 1 zero bytes, one byte at a time. */
function hashOfByteThenZeros(b: number, pol: bigint): bigint {
  let h = mod(BigInt(b), pol);
  for (let i = 0; i < windowSize - 1; i++) h = mod(h << 8n, pol);
  return h;
}

test("out[b] is the hash of b followed by 63 zero bytes", () => {
  const t = tablesFor(testPol);
  for (let b = 0; b < 256; b++) assert.equal(join(t.outHi, t.outLo, b), hashOfByteThenZeros(b, testPol), `b=${b}`);
  assert.equal(join(t.outHi, t.outLo, 0), 0n);
});

test("mod[b] is (b·x^k mod pol) | b·x^k", () => {
  const t = tablesFor(testPol);
  const k = BigInt(deg(testPol));
  for (let b = 0; b < 256; b++) {
    const entry = join(t.modHi, t.modLo, b);
    assert.equal(entry >> k, BigInt(b));
    assert.equal(entry & ((1n << k) - 1n), mod(BigInt(b) << k, testPol));
  }
});

test("tables are cached per polynomial", () => {
  assert.equal(tablesFor(testPol), tablesFor(testPol));
  assert.notEqual(tablesFor(0x2482734cacca49n), tablesFor(testPol));
});
