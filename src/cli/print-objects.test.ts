import { test } from "node:test";
import assert from "node:assert/strict";
import { objectNameProblem, withoutManagedFields } from "./print-objects.ts";

test("managedFields are hidden, the rest of metadata kept", () => {
  const obj = { kind: "Backup", metadata: { name: "b", managedFields: [{ manager: "x" }], uid: "u" } };
  assert.deepEqual(withoutManagedFields(obj), { kind: "Backup", metadata: { name: "b", uid: "u" } });
  const plain = { metadata: { name: "c" } };
  assert.equal(withoutManagedFields(plain), plain);
});

test("object names are DNS subdomains", () => {
  assert.equal(objectNameProblem("nightly-20250301.db"), undefined);
  assert.match(objectNameProblem("Nightly") ?? "", /not a valid name/);
  assert.match(objectNameProblem("a_b") ?? "", /not a valid name/);
  assert.match(objectNameProblem("x".repeat(254)) ?? "", /not a valid name/);
});
