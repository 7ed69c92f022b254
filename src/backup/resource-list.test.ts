/** The resource list: "<apiVersion>/<Kind>" keys, "ns/name" or "name" entries, all sorted. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ResourceListBuilder } from "./resource-list.ts";

test("keys and entries come out sorted, as Velero writes them", () => {
  const b = new ResourceListBuilder();
  b.add("v1", "Pod", "b", "p2");
  b.add("apps/v1", "Deployment", "a", "web");
  b.add("v1", "Pod", "a", "p1");
  b.add("v1", "PersistentVolume", undefined, "pv-1");
  assert.deepEqual(
    JSON.stringify(b.toJSON()),
    JSON.stringify({
      "apps/v1/Deployment": ["a/web"],
      "v1/PersistentVolume": ["pv-1"],
      "v1/Pod": ["a/p1", "b/p2"],
    }),
  );
});
