import { test } from "node:test";
import assert from "node:assert/strict";
import { readAll } from "../storage/body.ts";
import { objectStoreConformance } from "../storage/conformance.ts";
import { MemoryStore } from "../storage/memory/memory-store.ts";
import { PrefixedStore } from "./prefixed-store.ts";

// a store seen from a folder behaves as a whole store, even with a neighbour folder beside it
objectStoreConformance("prefixed (memory)", async () => {
  const inner = new MemoryStore();
  await inner.put("restic/other/keys/x", Buffer.from("neighbour"));
  await inner.put("restic/shopping", Buffer.from("a sibling whose name starts the same"));
  return { store: new PrefixedStore(inner, "restic/shop") };
});

test("keys land under the folder and nothing else is seen", async () => {
  const inner = new MemoryStore();
  const store = new PrefixedStore(inner, "/restic/shop/");
  await store.put("config", Buffer.from("c"));
  await inner.put("backups/b/x", Buffer.from("not ours"));
  assert.equal((await readAll(await inner.get("restic/shop/config"))).toString(), "c");
  const keys: string[] = [];
  for await (const e of store.list()) if (e.kind === "object") keys.push(e.object.key);
  assert.deepEqual(keys, ["config"]);
  assert.equal((await store.stat("config")).key, "config");
  assert.match(store.description, /folder restic\/shop/);
});
