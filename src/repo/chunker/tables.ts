/**
 * The two 256-entry lookup tables of the rolling Rabin fingerprint for one polynomial `pol` of
 * degree k (restic's `fillTables`):
 *
 *   out[b] = Hash(b ‖ 63 zero bytes) = b · x^(8·63) mod pol — XORing it into the digest removes
 *            byte b from the front of the 64-byte window;
 *   mod[b] = (b · x^k mod pol) | (b · x^k) — XORing it into a digest whose bits k..k+7 are b
 *            clears those 8 bits and adds their remainder, reducing the digest mod pol at once.
 *
 * Every entry is below 2^61, so it is stored as two 32-bit halves in Int32Arrays (Int32 rather
 * than Uint32 so V8 keeps the loaded values as small integers in the hot loop). Tables are
 * computed once per polynomial and cached; they are read-only.
 */
import { deg, mod, mulMod } from "./polynomial.ts";

export interface Tables {
  readonly outHi: Int32Array;
  readonly outLo: Int32Array;
  readonly modHi: Int32Array;
  readonly modLo: Int32Array;
}

/** The width of the sliding window in bytes. */
export const windowSize = 64;

const cache = new Map<bigint, Tables>();

function split(value: bigint, hi: Int32Array, lo: Int32Array, index: number): void {
  hi[index] = Number(BigInt.asIntN(32, value >> 32n));
  lo[index] = Number(BigInt.asIntN(32, value));
}

function computeTables(pol: bigint): Tables {
  const k = BigInt(deg(pol));
  const tables: Tables = {
    outHi: new Int32Array(256),
    outLo: new Int32Array(256),
    modHi: new Int32Array(256),
    modLo: new Int32Array(256),
  };
  let shiftOut = 1n; // x^(8·63) mod pol
  for (let i = 1; i < windowSize; i++) shiftOut = mulMod(shiftOut, 0x100n, pol);
  for (let b = 0; b < 256; b++) {
    const byte = BigInt(b);
    split(mulMod(byte, shiftOut, pol), tables.outHi, tables.outLo, b);
    split(mod(byte << k, pol) | (byte << k), tables.modHi, tables.modLo, b);
  }
  return tables;
}

/** The (cached) tables for pol, an irreducible polynomial of degree ≤ 53. */
export function tablesFor(pol: bigint): Tables {
  let tables = cache.get(pol);
  if (tables === undefined) {
    tables = computeTables(pol);
    cache.set(pol, tables);
  }
  return tables;
}
