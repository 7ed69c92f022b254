/** planLists: per-namespace or cluster-wide lists, cluster-scoped by mode, one list per OR-selector. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NamespaceFilter } from "../filters/namespace-filter.ts";
import { fixedCatalog } from "../kube/test-catalog.ts";
import { perNamespaceListLimit, planLists, type ListTask } from "./collector.ts";

const resources = ["pods", "configmaps", "persistentvolumes"].map((gr) => fixedCatalog.byGroupResource(gr)!);
const show = (tasks: ListTask[]) =>
  tasks.map((t) => `${t.res.groupResource}@${t.namespace ?? "*"}${t.labelSelector ? `?${t.labelSelector}` : ""}`);

test("a few namespaces: one list per namespace; cluster-scoped only when the mode is all", () => {
  const tasks = planLists({
    resources,
    namespaces: ["a", "b"],
    namespaceFilter: new NamespaceFilter(["a", "b"]),
    clusterMode: "related",
    selectors: [""],
  });
  assert.deepEqual(show(tasks), ["pods@a", "pods@b", "configmaps@a", "configmaps@b"]);
});

test("many namespaces or all of them: one cluster-wide list per resource", () => {
  const many = Array.from({ length: perNamespaceListLimit + 1 }, (_, i) => `ns-${i}`);
  const tasks = planLists({
    resources,
    namespaces: many,
    namespaceFilter: new NamespaceFilter(["ns-*"]),
    clusterMode: "related",
    selectors: [""],
  });
  assert.deepEqual(show(tasks), ["pods@*", "configmaps@*"]);
  const all = planLists({
    resources,
    namespaces: ["a"],
    namespaceFilter: new NamespaceFilter([]),
    clusterMode: "all",
    selectors: [""],
  });
  assert.deepEqual(show(all), ["pods@*", "configmaps@*", "persistentvolumes@*"]);
});

test("namespaces that could not be listed: cluster-wide, filtered later", () => {
  const tasks = planLists({
    resources,
    namespaces: undefined,
    namespaceFilter: new NamespaceFilter(["a*"]),
    clusterMode: "none",
    selectors: [""],
  });
  assert.deepEqual(show(tasks), ["pods@*", "configmaps@*"]);
});

test("one list per OR-selector; the namespaces resource is never listed here", () => {
  const tasks = planLists({
    resources: [...resources, fixedCatalog.byGroupResource("pods")!].slice(0, 1).concat({
      ...fixedCatalog.byGroupResource("persistentvolumes")!,
      resource: "namespaces",
      groupResource: "namespaces",
    }),
    namespaces: ["a"],
    namespaceFilter: new NamespaceFilter(["a"]),
    clusterMode: "all",
    selectors: ["app=web", "tier=db"],
  });
  assert.deepEqual(show(tasks), ["pods@a?app=web", "pods@a?tier=db"]);
});
