/** ResourceCatalog lookups, on a fixed catalog shaped like a real cluster's discovery. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { groupResourceOf, groupVersionOf } from "./resource-catalog.ts";
import { fixedCatalog } from "./test-catalog.ts";

test("groupResource and groupVersion spell the core group without a suffix", () => {
  assert.equal(groupResourceOf("", "pods"), "pods");
  assert.equal(groupResourceOf("apps", "deployments"), "deployments.apps");
  assert.equal(groupVersionOf("", "v1"), "v1");
  assert.equal(groupVersionOf("apps", "v1"), "apps/v1");
});

test("all() lists the core group first", () => {
  const all = fixedCatalog.all().map((r) => r.groupResource);
  assert.equal(all[0], "pods");
  assert.ok(all.indexOf("deployments.apps") > all.indexOf("persistentvolumes"));
});

test("resolve maps what a user types, kubectl-style", () => {
  const cases: Record<string, string | undefined> = {
    pods: "pods",
    pod: "pods",
    po: "pods",
    Pod: "pods",
    PODS: "pods",
    "deployments.apps": "deployments.apps",
    "deployment.apps": "deployments.apps",
    "Deployment.apps": "deployments.apps",
    "deployments.v1.apps": "deployments.apps",
    deploy: "deployments.apps",
    deployments: "deployments.apps",
    Deployment: "deployments.apps",
    configmaps: "configmaps",
    cm: "configmaps",
    secrets: "secrets",
    secret: "secrets",
    crontabs: "crontabs.stable.example.com",
    CronTab: "crontabs.stable.example.com",
    ct: "crontabs.stable.example.com",
    "crontabs.stable.example.com": "crontabs.stable.example.com",
    crd: "customresourcedefinitions.apiextensions.k8s.io",
    events: "events",
    "events.events.k8s.io": "events.events.k8s.io",
    ev: "events",
    " pods ": "pods",
    widgets: undefined,
    "pods.apps": undefined,
    "": undefined,
  };
  for (const [input, want] of Object.entries(cases))
    assert.equal(fixedCatalog.resolve(input), want, `resolve(${JSON.stringify(input)})`);
});

test("byGroupResource and byApiVersionKind find a resource", () => {
  assert.equal(fixedCatalog.byGroupResource("deployments.apps")?.kind, "Deployment");
  assert.equal(fixedCatalog.byGroupResource("deployments"), undefined);
  assert.equal(fixedCatalog.byApiVersionKind("v1", "Event")?.groupResource, "events");
  assert.equal(fixedCatalog.byApiVersionKind("events.k8s.io/v1", "Event")?.groupResource, "events.events.k8s.io");
  assert.equal(fixedCatalog.byApiVersionKind("apps/v1beta2", "Deployment")?.groupResource, "deployments.apps");
  assert.equal(fixedCatalog.byApiVersionKind("apps/v1", "Nope"), undefined);
});
