/** NamespaceFilter: globs, include/exclude precedence, "all", explicit names, validation. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { FilterError } from "./errors.ts";
import { globToRegExp, NamespaceFilter, validateNamespaceFilter } from "./namespace-filter.ts";

test("globs: * ? [abc] [a-z] [!x], everything else literal", () => {
  const m = (glob: string, s: string) => globToRegExp(glob).test(s);
  assert.ok(m("app-*", "app-web"));
  assert.ok(m("app-*", "app-"));
  assert.ok(!m("app-*", "xapp-web"));
  assert.ok(m("team-?", "team-a"));
  assert.ok(!m("team-?", "team-ab"));
  assert.ok(m("db[12]", "db1") && m("db[12]", "db2") && !m("db[12]", "db3"));
  assert.ok(m("db[0-9]", "db7") && !m("db[0-9]", "dbx"));
  assert.ok(m("db[!0-9]", "dbx") && !m("db[!0-9]", "db7"));
  assert.ok(m("a.b", "a.b") && !m("a.b", "axb"), "a dot is literal");
  assert.ok(!m("prod", "production"), "anchored");
  assert.throws(
    () => globToRegExp("db[12", "includedNamespaces"),
    (err: unknown) => FilterError.is(err, "InvalidGlob") && /includedNamespaces/.test((err as Error).message),
  );
});

test("an empty include list or * means every namespace; excludes win", () => {
  for (const include of [[], ["*"]]) {
    const f = new NamespaceFilter(include, ["kube-*"]);
    assert.ok(f.matches("default"));
    assert.ok(!f.matches("kube-system"));
    assert.equal(f.includesEverything, false);
    assert.equal(f.explicitNames, undefined);
  }
  assert.equal(new NamespaceFilter([], []).includesEverything, true);
  assert.equal(new NamespaceFilter(["*"], []).includesEverything, true);
  const f = new NamespaceFilter(["app-*", "db"], ["app-test"]);
  assert.ok(f.matches("app-web") && f.matches("db"));
  assert.ok(!f.matches("app-test") && !f.matches("other"));
  assert.equal(f.includesEverything, false);
});

test("explicitNames: the plain included names, minus excluded ones", () => {
  assert.deepEqual(new NamespaceFilter(["a", "b", "a", "c"], ["c"]).explicitNames, ["a", "b"]);
  assert.equal(new NamespaceFilter(["a", "b-*"], []).explicitNames, undefined);
});

test("validation names the field and the fix", () => {
  assert.deepEqual(validateNamespaceFilter(["a", "b*"], ["c"]), []);
  const problems = validateNamespaceFilter(["a", "x[", "b"], ["*", "b"]);
  assert.equal(problems.length, 3);
  assert.match(problems[0] ?? "", /includedNamespaces: "x\[" has a "\["/);
  assert.match(problems[1] ?? "", /excludedNamespaces: "\*" would exclude every namespace/);
  assert.match(problems[2] ?? "", /"b" is in both/);
});
