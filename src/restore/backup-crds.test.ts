import { test } from "node:test";
import assert from "node:assert/strict";
import { ResourceCatalog } from "../kube/resource-catalog.ts";
import { fixedCatalog } from "../kube/test-catalog.ts";
import { combinedResolver, resourceFromCrd } from "./backup-crds.ts";

const crd = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "widgets.example.com" },
  spec: {
    group: "example.com",
    scope: "Namespaced",
    names: { plural: "widgets", singular: "widget", kind: "Widget", shortNames: ["wd"] },
    versions: [
      { name: "v1beta1", served: true, storage: false },
      { name: "v1", served: true, storage: true },
    ],
  },
};

test("a CRD yields its resource at the storage version", () => {
  const r = resourceFromCrd(crd);
  assert.deepEqual(
    r && { gr: r.groupResource, gv: r.groupVersion, kind: r.kind, ns: r.namespaced, short: r.shortNames },
    { gr: "widgets.example.com", gv: "example.com/v1", kind: "Widget", ns: true, short: ["wd"] },
  );
  assert.equal(resourceFromCrd({ spec: { group: "x" } }), undefined);
});

test("names resolve against the cluster, then the backup's CRDs, then the backup's exact resources", () => {
  const backup = new ResourceCatalog([resourceFromCrd(crd)!]);
  const resolver = combinedResolver(fixedCatalog, backup, ["gadgets.example.org"]);
  assert.equal(resolver.resolve("po"), "pods");
  assert.equal(resolver.resolve("wd"), "widgets.example.com");
  assert.equal(resolver.resolve("Widget"), "widgets.example.com");
  assert.equal(resolver.resolve("gadgets.example.org"), "gadgets.example.org");
  assert.equal(resolver.resolve("nothing"), undefined);
});
