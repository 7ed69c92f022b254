/** ResourceFilter: user names resolved through the catalog, "*", excludes, unknown names reported. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fixedCatalog } from "../kube/test-catalog.ts";
import { ResourceFilter } from "./resource-filter.ts";

test("empty or * includes everything", () => {
  for (const include of [[], ["*"]]) {
    const f = new ResourceFilter(fixedCatalog, include, []);
    assert.ok(f.matches("pods") && f.matches("crontabs.stable.example.com"));
    assert.ok(f.includesEverything);
    assert.deepEqual(f.problems, []);
  }
});

test("kubectl-style names resolve to groupResources", () => {
  const f = new ResourceFilter(fixedCatalog, ["po", "Deployment", "cm", "crontabs"], []);
  assert.ok(
    f.matches("pods") &&
      f.matches("deployments.apps") &&
      f.matches("configmaps") &&
      f.matches("crontabs.stable.example.com"),
  );
  assert.ok(!f.matches("secrets"));
  assert.equal(f.includesEverything, false);
});

test("excludes win over includes, and * excludes everything", () => {
  const f = new ResourceFilter(fixedCatalog, ["*"], ["secrets", "events.events.k8s.io"]);
  assert.ok(f.matches("configmaps") && f.matches("events"));
  assert.ok(!f.matches("secrets") && !f.matches("events.events.k8s.io"));
  const none = new ResourceFilter(fixedCatalog, ["pods"], ["*"]);
  assert.ok(!none.matches("pods"));
});

test("names the cluster does not serve are reported, with their list", () => {
  const f = new ResourceFilter(fixedCatalog, ["pods", "widgets"], ["gadgets"]);
  assert.deepEqual(
    f.problems.map((p) => [p.field, p.name]),
    [
      ["includedResources", "widgets"],
      ["excludedResources", "gadgets"],
    ],
  );
  assert.match(f.problems[0]?.message ?? "", /includedResources: "widgets" is not a resource this cluster serves/);
  assert.ok(f.matches("pods") && !f.matches("widgets"));
});
