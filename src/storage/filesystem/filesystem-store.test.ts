import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { objectStoreConformance, listAll } from "../conformance.ts";
import { StorageError } from "../errors.ts";
import { FilesystemStore } from "./filesystem-store.ts";

objectStoreConformance("filesystem", async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), "lifeboat-fs-store-"));
  return {
    store: new FilesystemStore({ root }),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
});

test("a missing root folder is BucketNotFound", async () => {
  const store = new FilesystemStore({
    root: path.join(os.tmpdir(), "lifeboat-does-not-exist-4711"),
  });
  await assert.rejects(listAll(store), (err) => StorageError.is(err, "BucketNotFound"));
  await assert.rejects(store.put("k", Buffer.from("x")), (err) => StorageError.is(err, "BucketNotFound"));
});

test("keys cannot climb out of the root, and dot segments stay inside it", async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), "lifeboat-fs-store-"));
  try {
    const store = new FilesystemStore({ root });
    await store.put("../escape", Buffer.from("x"));
    await store.put("a/./b//c", Buffer.from("y"));
    await store.put(".hidden", Buffer.from("z"));
    assert.deepEqual(
      (await listAll(store)).map((e) => (e.kind === "object" ? e.object.key : e.prefix)),
      ["../escape", ".hidden", "a/./b//c"],
    );
    assert.deepEqual((await readdir(root)).sort(), [".tmp", "%2E.", "%2Ehidden", "a"].sort());
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test("an object and a folder of the same key conflict instead of corrupting either", async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), "lifeboat-fs-store-"));
  try {
    const store = new FilesystemStore({ root });
    await store.put("x/y", Buffer.from("1"));
    await assert.rejects(store.put("x/y/z", Buffer.from("2")), (err) => StorageError.is(err, "Conflict"));
    await assert.rejects(store.put("x", Buffer.from("3")), (err) => StorageError.is(err, "Conflict"));
    assert.equal((await store.stat("x/y")).size, 1);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test("deleting the last object of a folder removes the empty folders, and no temp files remain", async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), "lifeboat-fs-store-"));
  try {
    const store = new FilesystemStore({ root });
    await store.put("deep/er/still/key", Buffer.from("1"));
    await store.delete("deep/er/still/key");
    assert.deepEqual(await readdir(root), [".tmp"]);
    assert.deepEqual(await readdir(path.join(root, ".tmp")), []);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
