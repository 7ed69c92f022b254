/** runFiltersOf: a spec's filter fields as the engines take them. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runFiltersOf } from "./run-filters.ts";

test("absent lists become [] and absent options stay absent", () => {
  assert.deepEqual(runFiltersOf({}), {
    includedNamespaces: [],
    excludedNamespaces: [],
    includedResources: [],
    excludedResources: [],
  });
});

test("given fields are kept, includeClusterResources false included", () => {
  const selector = { matchLabels: { app: "web" } };
  assert.deepEqual(
    runFiltersOf({
      includedNamespaces: ["shop-*"],
      excludedResources: ["events"],
      includeClusterResources: false,
      labelSelector: selector,
      orLabelSelectors: [selector],
    }),
    {
      includedNamespaces: ["shop-*"],
      excludedNamespaces: [],
      includedResources: [],
      excludedResources: ["events"],
      includeClusterResources: false,
      labelSelector: selector,
      orLabelSelectors: [selector],
    },
  );
});
