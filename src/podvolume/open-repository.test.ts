import { test } from "node:test";
import assert from "node:assert/strict";
import { RepoError } from "../repo/errors.ts";
import { ForwardingStore } from "../storage/decorators/forwarding-store.ts";
import { StorageError } from "../storage/errors.ts";
import { MemoryStore } from "../storage/memory/memory-store.ts";
import type { ObjectStore, PutBody, PutOptions } from "../storage/object-store.ts";
import { openOrInitRepository } from "./open-repository.ts";

const kdf = { N: 1024, r: 8, p: 1 };
const owner = { username: "lifeboat", hostname: "node-1" };

async function keysIn(store: ObjectStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const e of store.list({ prefix: "keys/" })) if (e.kind === "object") keys.push(e.object.key);
  return keys;
}

test("creates the repository once, then opens it", async () => {
  const store = new MemoryStore();
  const first = await openOrInitRepository(store, "pw", { kdf, owner });
  const second = await openOrInitRepository(store, "pw", { kdf, owner });
  assert.equal(first.created, true);
  assert.equal(second.created, false);
  assert.equal(second.repository.config.id, first.repository.config.id);
  assert.equal(first.repository.version, 2);
});

test("eight agents creating at once: one repository, one key, everyone opens it", async () => {
  const store = new MemoryStore();
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      openOrInitRepository(store, "pw", { kdf, owner: { username: "lifeboat", hostname: `node-${i}` } }),
    ),
  );
  assert.equal(results.filter((r) => r.created).length, 1);
  assert.equal(new Set(results.map((r) => r.repository.config.id)).size, 1);
  assert.deepEqual((await keysIn(store)).length, 1);
  // and a later open (a new process) works
  const later = await openOrInitRepository(store, "pw", { kdf });
  assert.equal(later.repository.config.id, results[0]?.repository.config.id);
});

/** A config write that lands but reports Conflict, as a retried put after a lost response does. */
class AmbiguousConfigWrite extends ForwardingStore {
  override async put(key: string, body: PutBody, options?: PutOptions): Promise<void> {
    await this.inner.put(key, body, options);
    if (key === "config") throw new StorageError("Conflict", `object "config" already exists`, { key });
  }
}

test("a Conflict on our own config write keeps our key (the repository stays openable)", async () => {
  const store = new MemoryStore();
  const result = await openOrInitRepository(new AmbiguousConfigWrite(store), "pw", { kdf, owner });
  assert.equal(result.created, false);
  assert.equal((await keysIn(store)).length, 1);
  const reopened = await openOrInitRepository(store, "pw", { kdf });
  assert.equal(reopened.repository.config.id, result.repository.config.id);
});

test("noCreate on an empty store fails with NotARepository and writes nothing", async () => {
  const store = new MemoryStore();
  await assert.rejects(openOrInitRepository(store, "pw", { kdf, noCreate: true }), (err: unknown) =>
    RepoError.is(err, "NotARepository"),
  );
  assert.deepEqual(await keysIn(store), []);
});

test("a wrong password is reported, never answered with a second repository", async () => {
  const store = new MemoryStore();
  await openOrInitRepository(store, "pw", { kdf, owner });
  await assert.rejects(openOrInitRepository(store, "other", { kdf, openAttempts: 1 }), (err: unknown) =>
    RepoError.is(err, "WrongPassword"),
  );
  assert.equal((await keysIn(store)).length, 1);
});
