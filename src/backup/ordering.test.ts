/** Collection order, cohabiting resources, orderedResources parsing and applying. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ResourceCatalog } from "../kube/resource-catalog.ts";
import { fixedCatalog, testResource } from "../kube/test-catalog.ts";
import { applyOrder, collectionOrder, parseOrderedResources, withoutCohabitants } from "./ordering.ts";

test("core first as pods → PVCs → PVs → the rest of core, then other groups in discovery order", () => {
  const catalog = new ResourceCatalog([
    testResource("apps", "v1", "deployments", "Deployment"),
    testResource("", "v1", "configmaps", "ConfigMap"),
    testResource("", "v1", "persistentvolumes", "PersistentVolume", { namespaced: false }),
    testResource("batch", "v1", "jobs", "Job"),
    testResource("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim"),
    testResource("", "v1", "secrets", "Secret"),
    testResource("", "v1", "pods", "Pod"),
  ]);
  assert.deepEqual(
    collectionOrder(catalog.all()).map((r) => r.groupResource),
    ["pods", "persistentvolumeclaims", "persistentvolumes", "configmaps", "secrets", "deployments.apps", "jobs.batch"],
  );
});

test("cohabiting resources are collected once, unless the second is named explicitly", () => {
  const all = fixedCatalog.all();
  const grs = (list: { groupResource: string }[]) => list.map((r) => r.groupResource);
  assert.ok(!grs(withoutCohabitants(all, fixedCatalog)).includes("events.events.k8s.io"));
  assert.ok(grs(withoutCohabitants(all, fixedCatalog)).includes("events"));
  // Excluding core events also drops the events.k8s.io copy: the same objects.
  const noCoreEvents = all.filter((r) => r.groupResource !== "events");
  assert.ok(!grs(withoutCohabitants(noCoreEvents, fixedCatalog)).includes("events.events.k8s.io"));
  const explicit = withoutCohabitants(noCoreEvents, fixedCatalog, (gr) => gr === "events.events.k8s.io");
  assert.ok(grs(explicit).includes("events.events.k8s.io"));
  // Where the cluster does not serve the first copy, the second is kept.
  const onlyNew = new ResourceCatalog([testResource("events.k8s.io", "v1", "events", "Event")]);
  assert.deepEqual(grs(withoutCohabitants(onlyNew.all(), onlyNew)), ["events.events.k8s.io"]);
});

test("orderedResources keys resolve like resource names; unknown keys are reported", () => {
  const parsed = parseOrderedResources({ po: "ns/b, ns/a", Deployment: "ns/x", widgets: "a" }, fixedCatalog);
  assert.deepEqual(
    [...parsed.byGroupResource],
    [
      ["pods", ["ns/b", "ns/a"]],
      ["deployments.apps", ["ns/x"]],
    ],
  );
  assert.deepEqual(parsed.unknown, ["widgets"]);
  assert.deepEqual(parseOrderedResources(undefined, fixedCatalog), { byGroupResource: new Map(), unknown: [] });
});

test("applyOrder puts the named items first, in the given order, and keeps the rest", () => {
  const items = ["ns/a", "ns/b", "ns/c", "ns/d"];
  assert.deepEqual(
    applyOrder(items, ["ns/c", "ns/missing", "ns/a"], (s) => s),
    ["ns/c", "ns/a", "ns/b", "ns/d"],
  );
});
