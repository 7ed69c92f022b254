/**
 * Test support: a fixed ResourceCatalog shaped like a real cluster's discovery (core, apps, a
 * custom resource, the CRD resource, events in two groups), for unit tests of name resolution
 * and filters without a cluster.
 */
import { groupResourceOf, groupVersionOf, ResourceCatalog, type DiscoveredResource } from "./resource-catalog.ts";

/** A list+get resource at `version`; `extra` overrides fields. */
export function testResource(
  group: string,
  version: string,
  resource: string,
  kind: string,
  extra: Partial<DiscoveredResource> = {},
): DiscoveredResource {
  return {
    group,
    version,
    resource,
    kind,
    namespaced: true,
    verbs: ["get", "list"],
    shortNames: [],
    singular: kind.toLowerCase(),
    groupResource: groupResourceOf(group, resource),
    groupVersion: groupVersionOf(group, version),
    ...extra,
  };
}

export const fixedCatalog = new ResourceCatalog([
  testResource("apps", "v1", "deployments", "Deployment", { shortNames: ["deploy"] }),
  testResource("", "v1", "pods", "Pod", { shortNames: ["po"] }),
  testResource("", "v1", "configmaps", "ConfigMap", { shortNames: ["cm"] }),
  testResource("", "v1", "secrets", "Secret"),
  testResource("", "v1", "events", "Event", { shortNames: ["ev"] }),
  testResource("", "v1", "persistentvolumes", "PersistentVolume", { namespaced: false, shortNames: ["pv"] }),
  testResource("events.k8s.io", "v1", "events", "Event", { shortNames: ["ev"] }),
  testResource("stable.example.com", "v1", "crontabs", "CronTab", { shortNames: ["ct"] }),
  testResource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", {
    namespaced: false,
    shortNames: ["crd", "crds"],
  }),
]);
