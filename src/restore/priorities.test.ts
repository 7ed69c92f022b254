import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultHighPriorities, orderResources } from "./priorities.ts";

const resolver = (entry: string): string | undefined =>
  ({
    customresourcedefinitions: "customresourcedefinitions.apiextensions.k8s.io",
    storageclasses: "storageclasses.storage.k8s.io",
    roles: "roles.rbac.authorization.k8s.io",
    rolebindings: "rolebindings.rbac.authorization.k8s.io",
  })[entry];

test("high priorities in Velero's order, then the rest alphabetically, then the low priorities", () => {
  const present = [
    "statefulsets.apps",
    "services",
    "pods",
    "clusters.cluster.x-k8s.io",
    "deployments.apps",
    "rolebindings.rbac.authorization.k8s.io",
    "configmaps",
    "namespaces",
    "customresourcedefinitions.apiextensions.k8s.io",
    "replicasets.apps",
    "persistentvolumeclaims",
    "persistentvolumes",
    "secrets",
    "serviceaccounts",
    "couchdbs.example.com",
    "roles.rbac.authorization.k8s.io",
  ];
  assert.deepEqual(orderResources(present, resolver), [
    "customresourcedefinitions.apiextensions.k8s.io",
    "namespaces",
    "persistentvolumes",
    "persistentvolumeclaims",
    "roles.rbac.authorization.k8s.io",
    "serviceaccounts",
    "rolebindings.rbac.authorization.k8s.io",
    "secrets",
    "configmaps",
    "pods",
    "replicasets.apps",
    "services",
    "couchdbs.example.com",
    "deployments.apps",
    "statefulsets.apps",
    "clusters.cluster.x-k8s.io",
  ]);
});

test("only resources of the backup are listed, each once", () => {
  const order = orderResources(["pods", "pods", "jobs.batch"]);
  assert.deepEqual(order, ["pods", "jobs.batch"]);
});

test("a priority entry without a group that discovery does not resolve matches nothing else", () => {
  // "roles" is not resolved here, so the rbac roles sort with the rest.
  const order = orderResources(["roles.rbac.authorization.k8s.io", "secrets", "apps.example.com"]);
  assert.deepEqual(order, ["secrets", "apps.example.com", "roles.rbac.authorization.k8s.io"]);
});

test("the high-priority list is Velero's v1.18 list, 23 entries, CRDs first and services last", () => {
  assert.equal(defaultHighPriorities.length, 23);
  assert.equal(defaultHighPriorities[0], "customresourcedefinitions");
  assert.equal(defaultHighPriorities.at(-1), "services");
  assert.ok(defaultHighPriorities.indexOf("pods") < defaultHighPriorities.indexOf("replicasets.apps"));
});
