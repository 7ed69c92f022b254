import { test } from "node:test";
import assert from "node:assert/strict";
import { jobAction } from "./job.ts";

const uidLabels = {
  "controller-uid": "0d3c",
  "batch.kubernetes.io/controller-uid": "0d3c",
  "job-name": "migrate",
};

test("generated selectors lose the old controller uid in selector and template", () => {
  const out = jobAction({
    spec: {
      selector: { matchLabels: { ...uidLabels } },
      template: { metadata: { labels: { ...uidLabels, app: "db" } }, spec: {} },
    },
  }).obj as { spec: { selector: { matchLabels: object }; template: { metadata: { labels: object } } } };
  assert.deepEqual(out.spec.selector.matchLabels, { "job-name": "migrate" });
  assert.deepEqual(out.spec.template.metadata.labels, { "job-name": "migrate", app: "db" });
});

test("a manual selector is the user's and stays as it is", () => {
  const input = {
    spec: {
      manualSelector: true,
      selector: { matchLabels: { ...uidLabels } },
      template: { metadata: { labels: { ...uidLabels } } },
    },
  };
  assert.deepEqual(jobAction(input).obj, input);
});

test("a job without selector or template labels passes", () => {
  assert.deepEqual(jobAction({ spec: { template: { spec: {} } } }).obj, { spec: { template: { spec: {} } } });
});
