import { mock, test } from "node:test";
import assert from "node:assert/strict";
import { objectNameProblem, printDescribedObjects, withoutManagedFields } from "./print-objects.ts";

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

test("describe -o json prints one named object as itself, several as an array, none as nothing", () => {
  const written: string[] = [];
  const write = mock.method(process.stdout, "write", (chunk: string) => written.push(chunk) > 0);
  try {
    const b = { kind: "Backup", metadata: { name: "b", managedFields: [{ manager: "x" }] } };
    printDescribedObjects("json", [b], true);
    printDescribedObjects("json", [b, b], false);
    printDescribedObjects("json", [], true);
  } finally {
    write.mock.restore();
  }
  const [one, many, ...rest] = written
    .join("")
    .trim()
    .split(/\n(?=[[{])/);
  assert.deepEqual(JSON.parse(one ?? ""), { kind: "Backup", metadata: { name: "b" } });
  assert.equal((JSON.parse(many ?? "") as unknown[]).length, 2);
  assert.deepEqual(rest, []);
});
