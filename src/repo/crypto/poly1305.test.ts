import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { RepoError } from "../errors.ts";
import { Poly1305, poly1305 } from "./poly1305.ts";

test("RFC 8439 §2.5.2 test vector", () => {
  const key = Buffer.from("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b", "hex");
  const tag = poly1305(Buffer.from("Cryptographic Forum Research Group"), key);
  assert.equal(tag.toString("hex"), "a8061dc1305136c6c22b8baf0c0127a9");
});

test("r is clamped inside: unclamped and clamped r give the same tag", () => {
  const s = Buffer.from("0123456789abcdef0123456789abcdef", "hex");
  const unclamped = Buffer.alloc(16, 0xff);
  const clamped = Buffer.from(unclamped);
  for (const i of [3, 7, 11, 15]) clamped[i] = 0x0f;
  for (const i of [4, 8, 12]) clamped[i] = 0xfc;
  const message = Buffer.from("the same message under both keys");
  assert.deepEqual(poly1305(message, Buffer.concat([unclamped, s])), poly1305(message, Buffer.concat([clamped, s])));
});

test("empty message: the tag is s", () => {
  const s = Buffer.from("00112233445566778899aabbccddeeff", "hex");
  assert.deepEqual(poly1305(Buffer.alloc(0), Buffer.concat([Buffer.alloc(16, 7), s])), s);
});

test("a key that is not 32 bytes is refused", () => {
  assert.throws(
    () => poly1305(Buffer.alloc(1), Buffer.alloc(31)),
    (e) => RepoError.is(e, "InvalidArgument"),
  );
});

test("piecewise Poly1305 equals the one-shot tag for any split", () => {
  const key = randomBytes(32);
  const message = randomBytes(100_003);
  const expected = poly1305(message, key);
  for (const piece of [1, 15, 16, 17, 4096, 65536, message.length]) {
    const auth = new Poly1305(key);
    for (let at = 0; at < message.length; at += piece) auth.update(message.subarray(at, at + piece));
    assert.deepEqual(auth.digest(), expected, `pieces of ${piece}`);
  }
  assert.deepEqual(new Poly1305(key).digest(), poly1305(Buffer.alloc(0), key));
});
