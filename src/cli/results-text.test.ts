import { test } from "node:test";
import assert from "node:assert/strict";
import { parseResults, resultsText } from "./results-text.ts";

test("results print per scope, namespaces aligned, continuation lines indented", () => {
  const text = resultsText({
    errors: {
      lifeboat: [],
      cluster: ["clusterrole x: forbidden"],
      namespaces: { shop: ["svc web: exists", "pod a: bad"], db: ["pvc d: pending"] },
    },
    warnings: { lifeboat: [], cluster: [], namespaces: {} },
  });
  assert.equal(
    text,
    [
      "Errors:",
      "  Lifeboat:    <none>",
      "  Cluster:     clusterrole x: forbidden",
      "  Namespaces:",
      "    shop:  svc web: exists",
      "           pod a: bad",
      "    db:    pvc d: pending",
      "",
      "Warnings:",
      "  Lifeboat:    <none>",
      "  Cluster:     <none>",
      "  Namespaces:  <none>",
      "",
    ].join("\n"),
  );
});

test("a partial payload still prints", () => {
  assert.match(
    resultsText(parseResults('{"warnings":{"lifeboat":["slow"],"cluster":[],"namespaces":{}}}')),
    /Lifeboat: {4}slow/,
  );
});
