/**
 * The generated CRDs: config/crds/ holds exactly what the generator makes now (run
 * `npm run generate:crds` when this fails), the YAML reads back to the manifest, and each
 * manifest is well-formed: structural schema, status subresource, printer columns that point at
 * real fields, names that do not collide.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { allDefinitions, crdFilePath, crdManifest, crdYaml, generatedHeader } from "./crds.ts";
import type { OpenApiSchema } from "./schema.ts";

const root = join(import.meta.dirname, "..", "..");

test("config/crds/ is exactly what `npm run generate:crds` writes now", async () => {
  for (const def of allDefinitions) {
    const onDisk = await readFile(join(root, crdFilePath(def)), "utf8").catch(() => "(missing)");
    assert.equal(onDisk, crdYaml(def), `${crdFilePath(def)} is stale: run npm run generate:crds`);
  }
  const files = (await readdir(join(root, "config", "crds"))).filter((f) => f.endsWith(".lifeboat.dev.yaml"));
  assert.deepEqual(files.sort(), allDefinitions.map((d) => crdFilePath(d).split("/").pop()).sort());
});

test("the YAML starts with the do-not-edit header and reads back to the manifest (no aliases)", () => {
  for (const def of allDefinitions) {
    const text = crdYaml(def);
    assert.ok(text.startsWith(generatedHeader));
    assert.doesNotMatch(text, /[&*]a\d+\b/, "no YAML anchors or aliases");
    assert.deepEqual(parse(text), JSON.parse(JSON.stringify(crdManifest(def))));
  }
});

/** Every node has a type; every object says what its fields are. */
function assertStructural(schema: OpenApiSchema, at: string): void {
  assert.ok(schema.type, `${at} has no type`);
  if (schema.type === "object") {
    const says = schema.properties || schema.additionalProperties || schema["x-kubernetes-preserve-unknown-fields"];
    assert.ok(says, `${at} is an object without properties`);
  }
  for (const [name, child] of Object.entries(schema.properties ?? {})) assertStructural(child, `${at}.${name}`);
  if (schema.items) assertStructural(schema.items, `${at}[]`);
  if (schema.additionalProperties) assertStructural(schema.additionalProperties, `${at}{}`);
}

function resolve(schema: OpenApiSchema, jsonPath: string): OpenApiSchema | undefined {
  let node: OpenApiSchema | undefined = schema;
  for (const part of jsonPath.split(".").slice(1)) node = node?.properties?.[part];
  return node;
}

test("each manifest: namespaced, v1 served and stored, status subresource, structural schema", () => {
  for (const def of allDefinitions) {
    const crd = crdManifest(def);
    assert.equal(crd.metadata.name, `${def.plural}.lifeboat.dev`);
    assert.equal(crd.spec.scope, "Namespaced");
    assert.equal(crd.spec.names.listKind, `${def.kind}List`);
    assert.deepEqual(crd.spec.names.categories, ["lifeboat"]);
    const [v1, ...others] = crd.spec.versions;
    assert.equal(others.length, 0);
    assert.ok(v1);
    assert.deepEqual([v1.name, v1.served, v1.storage], ["v1", true, true]);
    assert.deepEqual(v1.subresources, { status: {} });
    const schema = v1.schema.openAPIV3Schema;
    assert.deepEqual(Object.keys(schema.properties ?? {}), ["apiVersion", "kind", "metadata", "spec", "status"]);
    assertStructural(schema, def.kind);
  }
});

test("printer columns point at fields of the schema, with matching types", () => {
  const typeFor = { string: "string", integer: "integer", boolean: "boolean", date: "string", number: "number" };
  for (const def of allDefinitions) {
    for (const column of def.printerColumns) {
      if (column.jsonPath === ".metadata.creationTimestamp") continue;
      const field = resolve(def.schema, column.jsonPath);
      assert.ok(field, `${def.kind} column ${column.name}: ${column.jsonPath} is not in the schema`);
      assert.equal(field.type, typeFor[column.type], `${def.kind} column ${column.name}`);
      if (column.type === "date") assert.equal(field.format, "date-time", `${def.kind} column ${column.name}`);
    }
  }
});

test("Velero's columns: Backup and BackupStorageLocation", () => {
  const names = (kind: string) => allDefinitions.find((d) => d.kind === kind)?.printerColumns.map((c) => c.name);
  assert.deepEqual(names("Backup")?.slice(0, 5), ["Status", "Errors", "Warnings", "Created", "Expires"]);
  assert.deepEqual(names("BackupStorageLocation")?.slice(0, 4), ["Phase", "Last Validated", "Access Mode", "Default"]);
});

test("kinds, plurals and short names are unique", () => {
  const all = (pick: (d: (typeof allDefinitions)[number]) => readonly string[]) => allDefinitions.flatMap(pick);
  for (const list of [all((d) => [d.kind]), all((d) => [d.plural]), all((d) => d.shortNames)]) {
    assert.equal(new Set(list).size, list.length, list.join(","));
  }
  assert.equal(allDefinitions.length, 10);
});

test("CEL rules: Backup selector exclusivity, Restore source", () => {
  const rules = (kind: string) =>
    allDefinitions
      .find((d) => d.kind === kind)
      ?.schema.properties?.spec?.["x-kubernetes-validations"]?.map((r) => r.rule);
  assert.deepEqual(rules("Backup"), ["!(has(self.labelSelector) && has(self.orLabelSelectors))"]);
  assert.deepEqual(rules("Restore"), [
    "has(self.backupName) != has(self.scheduleName)",
    "!(has(self.labelSelector) && has(self.orLabelSelectors))",
  ]);
  const template = allDefinitions.find((d) => d.kind === "Schedule")?.schema.properties?.spec?.properties?.template;
  assert.deepEqual(template?.["x-kubernetes-validations"]?.length, 1);
});
