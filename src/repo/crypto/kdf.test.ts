import { test } from "node:test";
import assert from "node:assert/strict";
import { RepoError } from "../errors.ts";
import { defaultScryptParams, deriveUserKey } from "./kdf.ts";

test("RFC 7914 §12 scrypt vector, split into encrypt ‖ mac.k ‖ mac.r", async () => {
  const key = await deriveUserKey("password", Buffer.from("NaCl"), { N: 1024, r: 8, p: 16 });
  const expected =
    "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162" +
    "2eaf30d92e22a3886ff109279d9830da" +
    "c727afb94a83ee6d8360cbdfa2cc0640";
  assert.equal(key.encrypt.toString("hex"), expected.slice(0, 64));
  assert.equal(key.macK.toString("hex"), expected.slice(64, 96));
  assert.equal(key.macR.toString("hex"), expected.slice(96, 128));
});

test("default and restic-sized parameters fit the explicit maxmem", async () => {
  assert.deepEqual(defaultScryptParams, { N: 32768, r: 8, p: 1 });
  const salt = Buffer.alloc(64, 1);
  for (const params of [defaultScryptParams, { N: 65536, r: 8, p: 1 }, { N: 32768, r: 8, p: 3 }]) {
    const key = await deriveUserKey("pw", salt, params);
    assert.equal(key.encrypt.length + key.macK.length + key.macR.length, 64);
  }
});

test("different passwords and salts give different keys", async () => {
  const params = { N: 1024, r: 1, p: 1 };
  const a = await deriveUserKey("a", Buffer.alloc(64, 1), params);
  const b = await deriveUserKey("b", Buffer.alloc(64, 1), params);
  const c = await deriveUserKey("a", Buffer.alloc(64, 2), params);
  assert.notDeepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.deepEqual(await deriveUserKey("a", Buffer.alloc(64, 1), params), a);
});

test("invalid or oversized parameters are InvalidFormat", async () => {
  const salt = Buffer.alloc(64);
  for (const params of [
    { N: 1000, r: 8, p: 1 },
    { N: 1, r: 8, p: 1 },
    { N: 0, r: 8, p: 1 },
    { N: 1024, r: 0, p: 1 },
    { N: 1024, r: 8, p: 1.5 },
    { N: 1024, r: 8, p: -1 },
    { N: 2 ** 21, r: 8, p: 1 },
    { N: 65536, r: 1, p: 1 },
  ]) {
    await assert.rejects(
      deriveUserKey("pw", salt, params),
      (e) => RepoError.is(e, "InvalidFormat"),
      JSON.stringify(params),
    );
  }
});
