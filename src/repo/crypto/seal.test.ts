import { test } from "node:test";
import assert from "node:assert/strict";
import { createCipheriv, randomBytes } from "node:crypto";
import { RepoError } from "../errors.ts";
import { randomMasterKey } from "./master-key.ts";
import { poly1305 } from "./poly1305.ts";
import { aes256Ctr, mac, open, seal, sealOverhead } from "./seal.ts";

const unauthenticated = (e: unknown): boolean => RepoError.is(e, "Unauthenticated");
const key = randomMasterKey();

/** One AES block through CBC with a zero IV, i.e. ECB, computed apart from seal.ts. */
function aesBlock(cipher: "aes-128-cbc" | "aes-256-cbc", k: Buffer, block: Uint8Array): Buffer {
  const c = createCipheriv(cipher, k, Buffer.alloc(16));
  c.setAutoPadding(false);
  return c.update(block);
}

test("sealOverhead is IV plus MAC", () => {
  assert.equal(sealOverhead, 32);
});

test("round trip: empty, small and 10 MiB plaintexts", () => {
  for (const size of [0, 1, 15, 16, 17, 1000, 64 * 1024 + 3, 10 * 1024 * 1024]) {
    const plaintext = randomBytes(size);
    const sealed = seal(key, plaintext);
    assert.equal(sealed.length, size + sealOverhead);
    assert.deepEqual(open(key, sealed), plaintext, `size ${size}`);
  }
});

test("layout: IV ‖ AES-256-CTR ciphertext ‖ Poly1305-AES over the ciphertext only", () => {
  for (const size of [3 * 64 * 1024 + 5, 0, 33, 64 * 1024]) {
    const plaintext = randomBytes(size);
    const sealed = seal(key, plaintext);
    const iv = sealed.subarray(0, 16);
    const ct = sealed.subarray(16, sealed.length - 16);
    const tag = sealed.subarray(sealed.length - 16);
    assert.deepEqual(ct, createCipheriv("aes-256-ctr", key.encrypt, iv).update(plaintext));
    const s = aesBlock("aes-128-cbc", key.macK, iv);
    assert.deepEqual(tag, poly1305(ct, Buffer.concat([key.macR, s])), `size ${size}`);
    assert.deepEqual(mac(key, iv, ct), tag);
  }
});

test("every seal draws a new IV", () => {
  const a = seal(key, Buffer.from("same"));
  const b = seal(key, Buffer.from("same"));
  assert.notDeepEqual(a.subarray(0, 16), b.subarray(0, 16));
  assert.notDeepEqual(a.subarray(0, 16), Buffer.alloc(16));
});

test("the counter carries across all 128 bits of the IV", () => {
  const iv = Buffer.alloc(16, 0xff);
  const out = Buffer.alloc(32);
  aes256Ctr(key.encrypt, iv, Buffer.alloc(32), out);
  assert.deepEqual(out.subarray(0, 16), aesBlock("aes-256-cbc", key.encrypt, iv));
  assert.deepEqual(out.subarray(16), aesBlock("aes-256-cbc", key.encrypt, Buffer.alloc(16)));
});

test("a changed byte anywhere is Unauthenticated", () => {
  const sealed = seal(key, randomBytes(100));
  for (let i = 0; i < sealed.length; i++) {
    const bad = Buffer.from(sealed);
    bad[i] = (bad[i] ?? 0) ^ 0x01;
    assert.throws(() => open(key, bad), unauthenticated, `byte ${i}`);
  }
  const big = seal(key, randomBytes(10 * 1024 * 1024));
  for (const i of [0, 15, 16, 5_000_000, big.length - 17, big.length - 1]) {
    const bad = Buffer.from(big);
    bad[i] = (bad[i] ?? 0) ^ 0x80;
    assert.throws(() => open(key, bad), unauthenticated, `byte ${i}`);
  }
});

test("truncated or extended data is Unauthenticated", () => {
  const sealed = seal(key, randomBytes(100));
  assert.throws(() => open(key, sealed.subarray(0, sealed.length - 1)), unauthenticated);
  assert.throws(() => open(key, Buffer.concat([sealed, Buffer.alloc(1)])), unauthenticated);
});

test("another key is Unauthenticated", () => {
  assert.throws(() => open(randomMasterKey(), seal(key, Buffer.from("secret"))), unauthenticated);
});

test("an all-zero IV is refused even with a valid MAC", () => {
  const iv = Buffer.alloc(16);
  const ct = Buffer.alloc(10);
  aes256Ctr(key.encrypt, iv, Buffer.from("0123456789"), ct);
  const sealed = Buffer.concat([iv, ct, mac(key, iv, ct)]);
  assert.throws(() => open(key, sealed), unauthenticated);
});

test("shorter than IV and MAC is InvalidFormat", () => {
  for (const size of [0, 1, 31]) {
    assert.throws(
      () => open(key, randomBytes(size)),
      (e) => RepoError.is(e, "InvalidFormat"),
    );
  }
});
