import { test } from "node:test";
import assert from "node:assert/strict";
import { ResultsCollector } from "./results.ts";

test("messages land in their scope and are counted", () => {
  const results = new ResultsCollector();
  results.error({ namespace: "couchdb" }, "pod couchdb-0: volume data failed");
  results.error({ namespace: "couchdb" }, "service couchdb: exists");
  results.error("cluster", "persistentvolumes pv-1: forbidden");
  results.warning("lifeboat", "discovery of metrics.k8s.io/v1beta1 failed");
  assert.equal(results.errorCount, 3);
  assert.equal(results.warningCount, 1);
  assert.deepEqual(results.snapshot(), {
    errors: {
      lifeboat: [],
      cluster: ["persistentvolumes pv-1: forbidden"],
      namespaces: { couchdb: ["pod couchdb-0: volume data failed", "service couchdb: exists"] },
    },
    warnings: { lifeboat: ["discovery of metrics.k8s.io/v1beta1 failed"], cluster: [], namespaces: {} },
  });
});

test("a snapshot does not change when the run goes on", () => {
  const results = new ResultsCollector();
  results.warning("lifeboat", "one");
  const before = results.snapshot();
  results.warning("lifeboat", "two");
  assert.deepEqual(before.warnings.lifeboat, ["one"]);
});
