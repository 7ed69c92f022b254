/**
 * The synchronous core of restic's content-defined chunker: given the rolling state of the chunk
 * being cut and the next piece of input, find where that chunk ends. No I/O and no allocation, so
 * it can run on the main thread (chunker.ts streams with it) or inside a worker.
 *
 * The algorithm (restic/chunker `NextSplitPoint`, restic.md §2.3), with window = 64 bytes:
 *
 *   reset:  window = 64 zero bytes; slide in one 0x01 byte (the digest becomes 1, wpos = 1);
 *           skip the next minSize − 64 bytes of the chunk without hashing them.
 *   slide b: o = window[wpos]; window[wpos] = b; wpos = (wpos + 1) mod 64;
 *           digest ^= out[o]; digest = ((digest << 8) | b) ^ mod[digest >> (deg − 8)].
 *   cut:    after byte b when length ≥ minSize and (digest & splitMask = 0 or length = maxSize);
 *           the digest at that byte is the chunk's "cut"; then reset.
 *
 * The skipped bytes never enter the window, so the primer and 63 zeros slide out during the
 * first 64 hashed bytes and no cut can happen before minSize. The digest (< 2^53) is kept as two
 * 32-bit halves `hi`/`lo` so the loop stays in small-integer arithmetic; the top 8 bits of a
 * degree-d digest are `hi >>> (d − 40)`, hence the supported degrees 40..53.
 */
import { constants } from "node:buffer";
import { RepoError } from "../errors.ts";
import { deg, maxChunkerDegree, minChunkerDegree } from "./polynomial.ts";
import { tablesFor, windowSize } from "./tables.ts";
import type { Tables } from "./tables.ts";

/** restic's defaults: 512 KiB, 8 MiB, and a 20-bit split mask (about 1 MiB above the minimum). */
export const defaultMinSize = 512 * 1024;
export const defaultMaxSize = 8 * 1024 * 1024;
export const defaultAverageBits = 20;

export interface BoundaryOptions {
  /** Smallest chunk (except the last one), at least 64; restic's WithBoundaries. */
  minSize?: number;
  /** Largest chunk, at least minSize; restic's WithBoundaries. */
  maxSize?: number;
  /** Split mask width: lower gives more chunks; restic's WithAverageBits. 0..53. */
  averageBits?: number;
}

/** Read-only parameters of one chunker; structured-clonable (for a worker). */
export interface BoundaryConfig {
  readonly minSize: number;
  readonly maxSize: number;
  /** The split mask 2^averageBits − 1 as 32-bit halves. */
  readonly maskHi: number;
  readonly maskLo: number;
  /** deg(pol) − 40: the top 8 bits of the digest are `hi >>> shift`. */
  readonly shift: number;
  readonly tables: Tables;
}

/** The rolling state of the chunk being cut; mutated in place by findBoundary. */
export interface BoundaryState {
  readonly window: Uint8Array;
  wpos: number;
  hi: number;
  lo: number;
  /** Bytes still to skip unhashed at the start of the chunk. */
  pre: number;
  /** Bytes of the current chunk consumed so far (skipped ones included). */
  count: number;
  /** The digest at the last cut (set when findBoundary returns a position). */
  cutHi: number;
  cutLo: number;
}

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RepoError("InvalidArgument", `chunker: ${name} must be an integer in ${min}..${max}, got ${value}`);
  }
}

/** Validates the polynomial and options and builds the config (tables are cached per polynomial). */
export function boundaryConfig(pol: bigint, options: BoundaryOptions = {}): BoundaryConfig {
  const { minSize = defaultMinSize, maxSize = defaultMaxSize, averageBits = defaultAverageBits } = options;
  const degree = pol >= 0n && pol < 1n << 64n ? deg(pol) : -1;
  if (degree < minChunkerDegree || degree > maxChunkerDegree) {
    throw new RepoError(
      "InvalidArgument",
      `chunker: polynomial degree must be ${minChunkerDegree}..${maxChunkerDegree}`,
    );
  }
  checkInteger("minSize", minSize, windowSize, constants.MAX_LENGTH);
  checkInteger("maxSize", maxSize, minSize, constants.MAX_LENGTH);
  checkInteger("averageBits", averageBits, 0, maxChunkerDegree);
  return {
    minSize,
    maxSize,
    maskHi: averageBits > 32 ? 2 ** (averageBits - 32) - 1 : 0,
    maskLo: averageBits >= 32 ? -1 : 2 ** averageBits - 1,
    shift: degree - 40,
    tables: tablesFor(pol),
  };
}

/** Puts state at the start of a new chunk. */
export function resetBoundaryState(state: BoundaryState, config: BoundaryConfig): void {
  state.window.fill(0);
  state.window[0] = 1; // the primer byte; out[0] = 0 and mod[0] = 0, so the digest is just 1
  state.wpos = 1;
  state.hi = 0;
  state.lo = 1;
  state.count = 0;
  state.pre = config.minSize - windowSize;
}

export function newBoundaryState(config: BoundaryConfig): BoundaryState {
  const state: BoundaryState = {
    window: new Uint8Array(windowSize),
    wpos: 0,
    hi: 0,
    lo: 0,
    pre: 0,
    count: 0,
    cutHi: 0,
    cutLo: 0,
  };
  resetBoundaryState(state, config);
  return state;
}

/** A digest held as two 32-bit halves, as the uint64 restic reports. */
export function joinDigest(hi: number, lo: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** The current digest: what restic reports as the cut of a last chunk ended by EOF. */
export function currentDigest(state: BoundaryState): bigint {
  return joinDigest(state.hi, state.lo);
}

/** The digest at the last cut. */
export function cutDigest(state: BoundaryState): bigint {
  return joinDigest(state.cutHi, state.cutLo);
}

function cutAt(state: BoundaryState, config: BoundaryConfig, hi: number, lo: number, position: number): number {
  state.cutHi = hi;
  state.cutLo = lo;
  resetBoundaryState(state, config);
  return position;
}

/**
 * Feeds buf[start..end) to the current chunk. Returns the position in buf just after the chunk's
 * last byte when the chunk ends there (the state then holds the cut digest and is reset for the
 * next chunk, which starts at that position), or −1 when all of it belongs to the current chunk.
 *
 * The first 64 hashed bytes of a call slide through the window array; after that the byte
 * leaving the window is simply buf[i − 64], and the window is refilled once at the end.
 */
export function findBoundary(
  state: BoundaryState,
  config: BoundaryConfig,
  buf: Uint8Array,
  start: number,
  end: number,
): number {
  let i = start;
  if (state.pre > 0) {
    if (state.pre >= end - i) {
      state.pre -= end - i;
      state.count += end - i;
      return -1;
    }
    i += state.pre;
    state.count += state.pre;
    state.pre = 0;
  }
  const { outHi, outLo, modHi, modLo } = config.tables;
  const { minSize, maskHi, maskLo, shift } = config;
  const window = state.window;
  // the chunk's length after the byte at index j is base + j + 1
  const base = state.count - i;
  const stop = Math.min(end, config.maxSize - base);
  const first = i;
  const warm = Math.min(stop, first + windowSize);
  let wpos = state.wpos;
  let hi = state.hi;
  let lo = state.lo;
  for (; i < warm; i++) {
    const b = buf[i]!;
    const o = window[wpos]!;
    window[wpos] = b;
    wpos = (wpos + 1) & (windowSize - 1);
    hi ^= outHi[o]!;
    lo ^= outLo[o]!;
    const top = hi >>> shift;
    hi = ((hi << 8) | (lo >>> 24)) ^ modHi[top]!;
    lo = ((lo << 8) | b) ^ modLo[top]!;
    if ((lo & maskLo) === 0 && (hi & maskHi) === 0 && base + i + 1 >= minSize) {
      return cutAt(state, config, hi, lo, i + 1);
    }
  }
  // the same step as above, specialised: once 64 bytes of this buffer are hashed, the byte
  // leaving the window is read from the input, not the window array (≈40% faster; kept apart)
  for (; i < stop; i++) {
    const b = buf[i]!;
    const o = buf[i - windowSize]!;
    hi ^= outHi[o]!;
    lo ^= outLo[o]!;
    const top = hi >>> shift;
    hi = ((hi << 8) | (lo >>> 24)) ^ modHi[top]!;
    lo = ((lo << 8) | b) ^ modLo[top]!;
    if ((lo & maskLo) === 0 && (hi & maskHi) === 0 && base + i + 1 >= minSize) {
      return cutAt(state, config, hi, lo, i + 1);
    }
  }
  if (base + i === config.maxSize) return cutAt(state, config, hi, lo, i);
  if (i - first >= windowSize) {
    for (let k = 0; k < windowSize; k++) window[k] = buf[i - windowSize + k]!;
    wpos = 0;
  }
  state.wpos = wpos;
  state.hi = hi;
  state.lo = lo;
  state.count = base + i;
  return -1;
}
