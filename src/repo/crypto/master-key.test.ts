import { test } from "node:test";
import assert from "node:assert/strict";
import { RepoError } from "../errors.ts";
import { decodeMasterKey, encodeMasterKey, randomMasterKey } from "./master-key.ts";
import type { MasterKey } from "./master-key.ts";

const fixed: MasterKey = {
  encrypt: Buffer.from("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "hex"),
  macK: Buffer.from("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", "hex"),
  macR: Buffer.from("ffffffffffffffffffffffffffffffff", "hex"),
};

const invalid = (e: unknown): boolean => RepoError.is(e, "InvalidFormat");

test("encodeMasterKey writes restic's JSON byte for byte, r unclamped", () => {
  assert.equal(
    encodeMasterKey(fixed).toString(),
    '{"mac":{"k":"8PHy8/T19vf4+fr7/P3+/w==","r":"/////////////////////w=="},' +
      '"encrypt":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}',
  );
});

test("master key JSON round trip", () => {
  assert.deepEqual(decodeMasterKey(encodeMasterKey(fixed)), fixed);
  const k = randomMasterKey();
  assert.equal(k.encrypt.length, 32);
  assert.equal(k.macK.length, 16);
  assert.equal(k.macR.length, 16);
  assert.deepEqual(decodeMasterKey(encodeMasterKey(k)), k);
  assert.notDeepEqual(randomMasterKey(), k);
});

test("decodeMasterKey ignores field order and whitespace", () => {
  const json = JSON.stringify(
    {
      encrypt: fixed.encrypt.toString("base64"),
      mac: { r: fixed.macR.toString("base64"), k: fixed.macK.toString("base64") },
    },
    null,
    2,
  );
  assert.deepEqual(decodeMasterKey(Buffer.from(json)), fixed);
});

test("decodeMasterKey rejects wrong lengths", () => {
  const withPart = (patch: Record<string, string>): Buffer => {
    const o = { k: fixed.macK, r: fixed.macR, encrypt: fixed.encrypt, ...patch };
    const b64 = (v: Buffer | string): string => (typeof v === "string" ? v : v.toString("base64"));
    return Buffer.from(`{"mac":{"k":"${b64(o.k)}","r":"${b64(o.r)}"},"encrypt":"${b64(o.encrypt)}"}`);
  };
  assert.throws(() => decodeMasterKey(withPart({ encrypt: Buffer.alloc(31, 1).toString("base64") })), invalid);
  assert.throws(() => decodeMasterKey(withPart({ k: Buffer.alloc(17, 1).toString("base64") })), invalid);
  assert.throws(() => decodeMasterKey(withPart({ r: Buffer.alloc(15, 1).toString("base64") })), invalid);
  assert.throws(() => decodeMasterKey(withPart({ r: "not base64!" })), invalid);
});

test("decodeMasterKey rejects all-zero keys", () => {
  for (const zero of [
    { ...fixed, encrypt: Buffer.alloc(32) },
    { ...fixed, macK: Buffer.alloc(16) },
    { ...fixed, macR: Buffer.alloc(16) },
  ]) {
    assert.throws(() => decodeMasterKey(encodeMasterKey(zero)), invalid);
  }
});

test("decodeMasterKey rejects what is not a master key", () => {
  for (const bad of ["", "null", "[]", "{}", '{"mac":1,"encrypt":"AA=="}', '{"mac":{}}']) {
    assert.throws(() => decodeMasterKey(Buffer.from(bad)), invalid, bad);
  }
});
