import { test } from "node:test";
import assert from "node:assert/strict";
import { validateBackupSpec, validateLocationSpec } from "../api/validation.ts";
import { UsageError } from "./output.ts";
import { flagOf, throwIfProblems } from "./spec-problems.ts";

test("a spec problem is reported under the flag that set the field", () => {
  const problems = validateBackupSpec({ includedNamespaces: ["db-[ab"], excludedResources: ["*"] });
  assert.equal(problems.length, 2);
  assert.throws(
    () => throwIfProblems(problems),
    (err: unknown) =>
      err instanceof UsageError &&
      err.message.startsWith('--include-namespaces: spec.includedNamespaces[0] "db-[ab"') &&
      err.message.endsWith("(and 1 more problem)") &&
      !err.message.includes("\n"),
  );
});

test("location problems name --prefix, --config and --bucket", () => {
  const spec = { provider: "aws" as const, objectStorage: { bucket: "b", prefix: "/x/" }, config: { regoin: "x" } };
  const problems = validateLocationSpec(spec);
  assert.deepEqual(
    problems.map((p) => flagOf(p)),
    ["--prefix", "--config", "--config"],
  );
});

test("no problems, no error", () => {
  throwIfProblems([]);
});
