import { test } from "node:test";
import assert from "node:assert/strict";
import type { V1ConfigMap } from "@kubernetes/client-node";
import { ObjectCache, objectKey, splitKey } from "./object-cache.ts";

const cm = (name: string, namespace?: string, rv = "1"): V1ConfigMap => ({
  metadata: { name, namespace, resourceVersion: rv },
});

test("keys are namespace/name, or name for cluster-scoped objects, and split back", () => {
  assert.equal(objectKey(cm("a", "ns")), "ns/a");
  assert.equal(objectKey(cm("node-1")), "node-1");
  assert.deepEqual(splitKey("ns/a"), { namespace: "ns", name: "a" });
  assert.deepEqual(splitKey("node-1"), { name: "node-1" });
});

test("set returns what it replaced; delete returns what was cached; list filters by namespace", () => {
  const cache = new ObjectCache<V1ConfigMap>();
  assert.equal(cache.set(cm("a", "x")), undefined);
  assert.equal(cache.set(cm("a", "x", "2"))?.metadata?.resourceVersion, "1");
  cache.set(cm("b", "y"));
  cache.set(cm("c"));
  assert.equal(cache.size, 3);
  assert.equal(cache.get("a", "x")?.metadata?.resourceVersion, "2");
  assert.equal(cache.get("c")?.metadata?.name, "c");
  assert.deepEqual(
    cache.list("y").map((o) => o.metadata?.name),
    ["b"],
  );
  assert.equal(cache.delete(cm("a", "x"))?.metadata?.resourceVersion, "2");
  assert.equal(cache.delete(cm("a", "x")), undefined);
  assert.deepEqual(cache.keys().sort(), ["c", "y/b"]);
});
