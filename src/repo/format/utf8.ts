/**
 * UTF-8 decoding with Go's rules (`unicode/utf8.DecodeRune`), which the Go encoders restic uses
 * rely on. Every byte that does not start a valid, shortest-form, non-surrogate sequence of at
 * most U+10FFFF is an error of width 1, so `e2 82 41` is two errors then `A`. The WHATWG decoder
 * behind `Buffer.toString()` and `TextDecoder` merges the first two bytes into one U+FFFD
 * instead, so code that must match Go byte for byte decodes through here.
 */

/** The rune of a valid sequence and its width in bytes, or `rune: -1` (width 1) for an invalid byte. */
export interface DecodedRune {
  rune: number;
  size: number;
}

const invalid: DecodedRune = { rune: -1, size: 1 };

/** Bounds of the second byte of a multi-byte sequence, by first byte (Go's "accept ranges"). */
function secondByteRange(first: number): [number, number] {
  if (first === 0xe0) return [0xa0, 0xbf];
  if (first === 0xed) return [0x80, 0x9f];
  if (first === 0xf0) return [0x90, 0xbf];
  if (first === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

function sequenceLength(first: number): number {
  if (first >= 0xc2 && first <= 0xdf) return 2;
  if (first >= 0xe0 && first <= 0xef) return 3;
  if (first >= 0xf0 && first <= 0xf4) return 4;
  return 0;
}

/** Decodes the rune starting at `at` (which must be inside `bytes`). */
export function decodeRune(bytes: Uint8Array, at: number): DecodedRune {
  const first = bytes[at] ?? 0;
  if (first < 0x80) return { rune: first, size: 1 };
  const size = sequenceLength(first);
  if (size === 0 || at + size > bytes.length) return invalid;
  const [low, high] = secondByteRange(first);
  const second = bytes[at + 1] ?? 0;
  if (second < low || second > high) return invalid;
  let rune = (first & (0x7f >> size)) * 64 + (second & 0x3f);
  for (let i = 2; i < size; i++) {
    const next = bytes[at + i] ?? 0;
    if (next < 0x80 || next > 0xbf) return invalid;
    rune = rune * 64 + (next & 0x3f);
  }
  return { rune, size };
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  for (let at = 0; at < bytes.length;) {
    const { rune, size } = decodeRune(bytes, at);
    if (rune < 0) return false;
    at += size;
  }
  return true;
}

/** Converts bytes to a string the way Go's `[]rune(string(b))` sees them: each invalid byte is U+FFFD. */
export function goStringFromBytes(bytes: Uint8Array): string {
  if (isValidUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  let out = "";
  for (let at = 0; at < bytes.length;) {
    const { rune, size } = decodeRune(bytes, at);
    out += String.fromCodePoint(rune < 0 ? 0xfffd : rune);
    at += size;
  }
  return out;
}
