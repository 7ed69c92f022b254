import { test } from "node:test";
import assert from "node:assert/strict";
import {
  formatLabelSelector,
  labelKeyProblem,
  labelValueProblem,
  parseLabelSelector,
  parseOrSelectors,
  SelectorError,
} from "./label-selector.ts";

test("equality requirements become matchLabels", () => {
  assert.deepEqual(parseLabelSelector("app=web,tier==front, empty="), {
    matchLabels: { app: "web", tier: "front", empty: "" },
  });
});

test("set, inequality and existence requirements become matchExpressions in order", () => {
  assert.deepEqual(parseLabelSelector("app=x,tier in (a, b),env notin (prod),team!=ops,owner,!legacy"), {
    matchLabels: { app: "x" },
    matchExpressions: [
      { key: "tier", operator: "In", values: ["a", "b"] },
      { key: "env", operator: "NotIn", values: ["prod"] },
      { key: "team", operator: "NotIn", values: ["ops"] },
      { key: "owner", operator: "Exists" },
      { key: "legacy", operator: "DoesNotExist" },
    ],
  });
});

test("prefixed keys are accepted", () => {
  assert.deepEqual(parseLabelSelector("app.kubernetes.io/name=db"), {
    matchLabels: { "app.kubernetes.io/name": "db" },
  });
});

test("an empty selector selects everything", () => {
  assert.equal(parseLabelSelector(""), undefined);
  assert.equal(parseLabelSelector("   "), undefined);
});

const bad: [string, RegExp][] = [
  ["app in (a,b", /expected '\)' at the end/],
  ["app in ()", /at least one value/],
  ["app in a", /expected '\(' after in\/notin/],
  ["app=b=c", /expected ',' between requirements/],
  ["app=x,", /cannot end with ','/],
  ["app>3", /'<' and '>' cannot be expressed/],
  ["-app=x", /label key "-app" is invalid/],
  ["Bad_Prefix.com/app=x", /bad prefix/],
  ["app=-x", /label value "-x" is invalid/],
  ["app like x", /expected =, ==, !=, in or notin at position 5 \("like"\)/],
  ["app=a,app=b", /cannot equal both "a" and "b"/],
  ["=x", /expected a label key at position 1/],
];

test("bad selectors are rejected with the problem and the position", () => {
  for (const [text, message] of bad) {
    assert.throws(
      () => parseLabelSelector(text),
      (err: unknown) => err instanceof SelectorError && message.test(err.message) && err.message.includes(text),
      text,
    );
  }
});

test("a value longer than 63 characters is rejected, 63 is fine", () => {
  assert.equal(labelValueProblem("a".repeat(63)), undefined);
  assert.match(labelValueProblem("a".repeat(64)) ?? "", /invalid/);
  assert.equal(labelKeyProblem("example.com/" + "k".repeat(63)), undefined);
  assert.match(labelKeyProblem("k".repeat(64)) ?? "", /invalid/);
});

test("or-selectors split on 'or' into one selector each", () => {
  assert.deepEqual(parseOrSelectors("app=a or tier in (x,y)"), [
    { matchLabels: { app: "a" } },
    { matchExpressions: [{ key: "tier", operator: "In", values: ["x", "y"] }] },
  ]);
  assert.throws(() => parseOrSelectors("app=a or "), /empty alternative/);
});

test("formatting gives back kubectl syntax", () => {
  const text = "app=x,tier in (a,b),env notin (prod),owner,!legacy";
  assert.equal(formatLabelSelector(parseLabelSelector(text)), text);
  assert.equal(formatLabelSelector(undefined), "");
});
