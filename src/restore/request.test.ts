import { test } from "node:test";
import assert from "node:assert/strict";
import { RestoreError } from "./errors.ts";
import { requestProblems, validateRequest } from "./request.ts";
import type { RestoreRequest } from "./types.ts";

const base: RestoreRequest = {
  name: "r1",
  uid: "u1",
  backupName: "b1",
  includedNamespaces: [],
  excludedNamespaces: [],
  includedResources: [],
  excludedResources: [],
  namespaceMapping: {},
  existingResourcePolicy: "none",
};

test("a plain request is valid", () => {
  assert.deepEqual(requestProblems(base, 16), []);
});

test("every problem is named with its field", () => {
  const problems = requestProblems(
    {
      ...base,
      includedNamespaces: ["shop["],
      labelSelector: { matchLabels: { app: "web" } },
      orLabelSelectors: [{ matchLabels: { "bad key!": "x" } }],
      namespaceMapping: { shop: "Shop_Copy" },
      existingResourcePolicy: "replace" as "none",
    },
    0,
  );
  assert.equal(problems.length, 6, problems.join("\n"));
  assert.match(problems.join("\n"), /includedNamespaces/);
  assert.match(problems.join("\n"), /labelSelector and orLabelSelectors are both set/);
  assert.match(problems.join("\n"), /orLabelSelectors\[0\]\.matchLabels/);
  assert.match(problems.join("\n"), /namespaceMapping\["shop"\]: "Shop_Copy"/);
  assert.match(problems.join("\n"), /existingResourcePolicy: "replace"/);
  assert.match(problems.join("\n"), /concurrency: 0/);
  assert.throws(
    () => validateRequest({ ...base, existingResourcePolicy: "x" as "none" }, 16),
    (err: unknown) => RestoreError.is(err, "InvalidRequest"),
  );
});
