/**
 * Key files, including a known-answer test against restic itself. The fixture in testdata/ was
 * made once by hand with restic v0.19.1: `RESTIC_PASSWORD=fixture-password restic init`, then
 * its only key file (named by its id) and its config (base64, as it is binary) were copied.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { RepoError } from "../errors.ts";
import { deriveUserKey } from "./kdf.ts";
import { createKeyFile, keyFileId, openKeyFile, parseKeyFile } from "./key-file.ts";
import { encodeMasterKey, randomMasterKey } from "./master-key.ts";
import type { MasterKey } from "./master-key.ts";
import { open } from "./seal.ts";

const fixtureId = "bdaccc963ef6c5a1fb84f71b2f6da51c22c684cabfc6d55b607e3d3e2a5f2118";
const testdata = new URL("testdata/", import.meta.url);
const resticKey = readFileSync(new URL(`restic-0.19.1-key-${fixtureId}`, testdata));
const resticConfig = Buffer.from(readFileSync(new URL("restic-0.19.1-config.b64", testdata), "latin1"), "base64");

const fast = { N: 1024, r: 1, p: 1 };

// restic chose p=7 here, so each open of the fixture costs about a second: do it once.
let resticMasterOnce: Promise<MasterKey> | undefined;
const resticMaster = (): Promise<MasterKey> => (resticMasterOnce ??= openKeyFile(resticKey, "fixture-password"));
const wrongPassword = (e: unknown): boolean => RepoError.is(e, "WrongPassword");
const invalid = (e: unknown): boolean => RepoError.is(e, "InvalidFormat");

function withField(bytes: Buffer, field: string, value: unknown): Buffer {
  const json = JSON.parse(bytes.toString()) as Record<string, unknown>;
  json[field] = value;
  return Buffer.from(JSON.stringify(json));
}

test("restic v0.19.1 key file: id, metadata, master key, config", async () => {
  assert.equal(keyFileId(resticKey), fixtureId);
  assert.deepEqual(parseKeyFile(resticKey), {
    created: "2026-11-25T15:45:27.346893705Z",
    username: "root",
    hostname: "vm",
    N: 32768,
    r: 8,
    p: 7,
  });
  const config = JSON.parse(open(await resticMaster(), resticConfig).toString()) as Record<string, unknown>;
  assert.equal(config["version"], 2);
  assert.match(String(config["id"]), /^[0-9a-f]{64}$/);
  assert.match(String(config["chunker_polynomial"]), /^[0-9a-f]{1,16}$/);
});

test("the master key restic sealed re-encodes to the same bytes", async () => {
  const json = JSON.parse(resticKey.toString()) as { data: string; N: number; r: number; p: number; salt: string };
  const userKey = await deriveUserKey("fixture-password", Buffer.from(json.salt, "base64"), json);
  assert.deepEqual(encodeMasterKey(await resticMaster()), open(userKey, Buffer.from(json.data, "base64")));
});

test("our key file has restic's shape: same fields, order and formatting", async () => {
  const master = await resticMaster();
  const saved = process.env["TZ"];
  process.env["TZ"] = "UTC";
  try {
    const now = new Date(Date.UTC(2026, 10, 25, 15, 45, 27, 346));
    const ours = await createKeyFile(master, "pw", { username: "root", hostname: "vm", now, params: fast });
    const mask = (b: Buffer): string =>
      b
        .toString()
        .replace(/"(salt|data)":"[^"]*"/g, '"$1":"…"')
        .replace(/"N":\d+,"r":\d+,"p":\d+/, "N,r,p")
        .replace(/"created":"[^".]*\.346(\d*)Z"/, '"created":"…"');
    assert.equal(mask(ours.bytes), mask(resticKey));
    assert.match(ours.bytes.toString(), /^\{"created":"2026-11-25T15:45:27\.346Z","username":"root",/);
  } finally {
    if (saved === undefined) delete process.env["TZ"];
    else process.env["TZ"] = saved;
  }
});

test("create → open with the right password; the wrong one is WrongPassword", async () => {
  const master = randomMasterKey();
  const { bytes, id } = await createKeyFile(master, "correct horse", { username: "u", hostname: "h", params: fast });
  assert.equal(id, keyFileId(bytes));
  assert.match(id, /^[0-9a-f]{64}$/);
  assert.deepEqual(await openKeyFile(bytes, "correct horse"), master);
  await assert.rejects(openKeyFile(bytes, "correct horse "), wrongPassword);
  await assert.rejects(openKeyFile(bytes, ""), wrongPassword);
  const json = JSON.parse(bytes.toString()) as Record<string, unknown>;
  assert.equal(Buffer.from(String(json["salt"]), "base64").length, 64);
});

test("stored N/r/p are honoured", async () => {
  const master = randomMasterKey();
  const { bytes } = await createKeyFile(master, "pw", { username: "u", hostname: "h", params: fast });
  assert.deepEqual(
    { ...parseKeyFile(bytes), created: "" },
    { created: "", username: "u", hostname: "h", N: 1024, r: 1, p: 1 },
  );
  assert.deepEqual(await openKeyFile(bytes, "pw"), master);
  // The same file claiming other parameters derives another key: the password no longer fits.
  await assert.rejects(openKeyFile(withField(bytes, "N", 2048), "pw"), wrongPassword);
});

test("default parameters are written when none are given", async () => {
  const { bytes } = await createKeyFile(randomMasterKey(), "pw", { username: "", hostname: "" });
  assert.deepEqual(
    { ...parseKeyFile(bytes), created: "" },
    { created: "", username: "", hostname: "", N: 32768, r: 8, p: 1 },
  );
});

test("usernames and hostnames are escaped as Go escapes them", async () => {
  const { bytes } = await createKeyFile(randomMasterKey(), "pw", { username: 'a"<b>', hostname: "h&\n", params: fast });
  assert.match(bytes.toString(), /"username":"a\\"\\u003cb\\u003e","hostname":"h\\u0026\\n"/);
  assert.equal(parseKeyFile(bytes).username, 'a"<b>');
});

test("malformed key files are InvalidFormat", async () => {
  const { bytes } = await createKeyFile(randomMasterKey(), "pw", { username: "u", hostname: "h", params: fast });
  const bad = [
    Buffer.from("not json"),
    Buffer.from("[]"),
    withField(bytes, "kdf", "argon2"),
    withField(bytes, "kdf", undefined),
    withField(bytes, "salt", Buffer.alloc(32, 1).toString("base64")),
    withField(bytes, "salt", "???"),
    withField(bytes, "data", 7),
    withField(bytes, "N", "1024"),
    withField(bytes, "r", 0),
    withField(bytes, "p", 1.5),
    withField(bytes, "username", 5),
  ];
  for (const b of bad) {
    assert.throws(() => parseKeyFile(b), invalid, b.toString());
    await assert.rejects(openKeyFile(b, "pw"), invalid, b.toString());
  }
  await assert.rejects(openKeyFile(withField(bytes, "N", 1000), "pw"), invalid);
  await assert.rejects(openKeyFile(withField(bytes, "data", "AAAA"), "pw"), invalid);
});
