/** includeClusterResources: true = all, false = none, unset = related only, or all when every namespace is covered. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { clusterScopedMode, includesRelatedClusterScoped, listsClusterScoped } from "./cluster-scoped.ts";
import { NamespaceFilter } from "./namespace-filter.ts";

test("the mode follows Velero's rules", () => {
  const all = new NamespaceFilter([], []);
  const some = new NamespaceFilter(["app"], []);
  const allButOne = new NamespaceFilter(["*"], ["kube-system"]);
  assert.equal(clusterScopedMode(true, some), "all");
  assert.equal(clusterScopedMode(false, all), "none");
  assert.equal(clusterScopedMode(undefined, all), "all");
  assert.equal(clusterScopedMode(undefined, some), "related");
  assert.equal(clusterScopedMode(undefined, allButOne), "related");
});

test("what each mode lets in", () => {
  assert.deepEqual([listsClusterScoped("all"), includesRelatedClusterScoped("all")], [true, true]);
  assert.deepEqual([listsClusterScoped("related"), includesRelatedClusterScoped("related")], [false, true]);
  assert.deepEqual([listsClusterScoped("none"), includesRelatedClusterScoped("none")], [false, false]);
});
