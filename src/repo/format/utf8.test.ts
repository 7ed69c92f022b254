import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeRune, goStringFromBytes, isValidUtf8 } from "./utf8.ts";

const runes = (bytes: number[]): [number, number][] => {
  const b = Uint8Array.from(bytes);
  const out: [number, number][] = [];
  for (let at = 0; at < b.length;) {
    const { rune, size } = decodeRune(b, at);
    out.push([rune, size]);
    at += size;
  }
  return out;
};

test("valid sequences of every width decode to their code point", () => {
  assert.deepEqual(runes([0x41, 0xc3, 0xa9, 0xe6, 0x97, 0xa5, 0xf0, 0x9f, 0x98, 0x80]), [
    [0x41, 1],
    [0xe9, 2],
    [0x65e5, 3],
    [0x1f600, 4],
  ]);
  assert.deepEqual(runes([0xef, 0xbf, 0xbd]), [[0xfffd, 3]], "a real U+FFFD is valid");
  assert.deepEqual(runes([0xf4, 0x8f, 0xbf, 0xbf]), [[0x10ffff, 4]]);
});

test("each byte of an invalid sequence is its own error, as in Go", () => {
  assert.deepEqual(runes([0xe2, 0x82, 0x41]), [
    [-1, 1],
    [-1, 1],
    [0x41, 1],
  ]);
  assert.deepEqual(runes([0xed, 0xa0, 0x80]).length, 3, "surrogates are invalid");
  assert.deepEqual(runes([0xc0, 0xaf]).length, 2, "overlong forms are invalid");
  assert.deepEqual(runes([0xe0, 0x80, 0x80]).length, 3, "overlong three-byte forms are invalid");
  assert.deepEqual(runes([0xf4, 0x90, 0x80, 0x80]).length, 4, "beyond U+10FFFF is invalid");
  assert.deepEqual(runes([0xf0, 0x9f, 0x98]).length, 3, "a cut-off sequence is invalid");
  assert.deepEqual(runes([0x80, 0xff]), [
    [-1, 1],
    [-1, 1],
  ]);
});

test("isValidUtf8 and goStringFromBytes", () => {
  assert.equal(isValidUtf8(Buffer.from("héllo 日本 😀")), true);
  assert.equal(isValidUtf8(Buffer.from([0x61, 0xff])), false);
  assert.equal(goStringFromBytes(Buffer.from("ok é")), "ok é");
  // WHATWG decoding would give one U+FFFD for e2 82; Go gives one per byte.
  assert.equal(goStringFromBytes(Buffer.from([0x74, 0xe2, 0x82, 0x78])), "t\ufffd\ufffdx");
  assert.equal(Buffer.from([0x74, 0xe2, 0x82, 0x78]).toString(), "t\ufffdx");
});
