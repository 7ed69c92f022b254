/** Label selectors: the query string the API takes, in-memory matching, validation. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { FilterError } from "./errors.ts";
import { isEmptySelector, matches, toQuery, validateLabelSelector, type LabelSelector } from "./label-selector.ts";

const selector: LabelSelector = {
  matchLabels: { app: "web", "example.com/tier": "front" },
  matchExpressions: [
    { key: "env", operator: "In", values: ["prod", "dev"] },
    { key: "track", operator: "NotIn", values: ["canary"] },
    { key: "owner", operator: "Exists" },
    { key: "legacy", operator: "DoesNotExist" },
  ],
};

test("toQuery spells every operator the way the API server parses it", () => {
  assert.equal(
    toQuery(selector),
    "app=web,example.com/tier=front,env in (dev,prod),track notin (canary),owner,!legacy",
  );
  assert.equal(toQuery(undefined), "");
  assert.equal(toQuery({}), "");
  assert.throws(
    () => toQuery({ matchExpressions: [{ key: "a", operator: "In" }] }),
    (err: unknown) => FilterError.is(err, "InvalidSelector"),
  );
});

test("matches: every requirement must hold", () => {
  const labels = { app: "web", "example.com/tier": "front", env: "prod", owner: "me" };
  assert.ok(matches(selector, labels));
  assert.ok(!matches(selector, { ...labels, app: "db" }), "matchLabels value differs");
  assert.ok(!matches(selector, { ...labels, env: "test" }), "In fails");
  assert.ok(!matches(selector, { ...labels, track: "canary" }), "NotIn fails");
  assert.ok(matches(selector, { ...labels, track: "stable" }), "NotIn holds for another value");
  const withoutOwner: Record<string, string> = { ...labels };
  delete withoutOwner["owner"];
  assert.ok(!matches(selector, withoutOwner), "Exists fails");
  assert.ok(!matches(selector, { ...labels, legacy: "" }), "DoesNotExist fails even for an empty value");
  assert.ok(
    !matches({ matchExpressions: [{ key: "env", operator: "In", values: ["prod"] }] }, {}),
    "In fails when absent",
  );
  assert.ok(
    matches({ matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] }, undefined),
    "NotIn holds when absent",
  );
  assert.ok(matches(undefined, {}) && matches({}, { a: "b" }), "empty selects everything");
});

test("validation names the field and what is wrong", () => {
  assert.deepEqual(validateLabelSelector(selector), []);
  const problems = validateLabelSelector(
    {
      matchLabels: { "bad key!": "v", ok: "bad value!" },
      matchExpressions: [
        { key: "a", operator: "Exists", values: ["x"] },
        { key: "b", operator: "Equals" as "In", values: ["x"] },
      ],
    },
    "orLabelSelectors[1]",
  );
  assert.deepEqual(problems, [
    'orLabelSelectors[1].matchLabels: "bad key!" is not a valid label key',
    'orLabelSelectors[1].matchLabels["ok"]: "bad value!" is not a valid label value',
    "orLabelSelectors[1].matchExpressions[0].values: operator Exists takes no values; remove them",
    'orLabelSelectors[1].matchExpressions[1].operator: "Equals" must be one of In, NotIn, Exists, DoesNotExist',
  ]);
});

test("isEmptySelector", () => {
  assert.ok(
    isEmptySelector(undefined) && isEmptySelector({}) && isEmptySelector({ matchLabels: {}, matchExpressions: [] }),
  );
  assert.ok(!isEmptySelector({ matchLabels: { a: "b" } }));
});
