import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { parseAllDocuments } from "yaml";
import { allDefinitions, crdManifest } from "../api/crds.ts";
import { renderManifests } from "./install.ts";

const bin = new URL("../../bin/lifeboat.js", import.meta.url).pathname;

test("the manifests render as multi-document YAML and as a JSON List", () => {
  const crds = allDefinitions.map(crdManifest);
  const docs = parseAllDocuments(renderManifests(crds, "yaml")).map((d) => d.toJS() as { metadata: { name: string } });
  assert.deepEqual(
    docs.map((d) => d.metadata.name),
    crds.map((c) => c.metadata.name),
  );
  const list = JSON.parse(renderManifests(crds, "json")) as { kind: string; items: unknown[] };
  assert.equal(list.kind, "List");
  assert.deepEqual(list.items, JSON.parse(JSON.stringify(crds)));
});

test("--dry-run needs no cluster; without --crds-only the command points to the Helm chart", () => {
  const env = { PATH: process.env["PATH"], KUBECONFIG: "/nonexistent", HOME: "/nonexistent" };
  const dry = spawnSync(process.execPath, [bin, "install", "--crds-only", "--dry-run"], { encoding: "utf8", env });
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /name: backups\.lifeboat\.dev/);
  const full = spawnSync(process.execPath, [bin, "install"], { encoding: "utf8", env });
  assert.equal(full.status, 1);
  assert.match(full.stderr, /^Error: install: only --crds-only is supported; .*Helm chart/);
  assert.equal(full.stderr.trim().split("\n").length, 1);
});
