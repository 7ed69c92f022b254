/** Tar paths in Velero's layout, and parsing them back. */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  itemPath,
  itemPaths,
  parseItemPath,
  preferredVersionItemPath,
  versionFileContent,
  versionPath,
} from "./tarball-layout.ts";

test("paths are spelled as Velero spells them", () => {
  assert.equal(versionPath, "metadata/version");
  assert.equal(versionFileContent, "1.1.0\n");
  assert.equal(itemPath("pods", "ns", "p"), "resources/pods/namespaces/ns/p.json");
  assert.equal(itemPath("persistentvolumes", undefined, "pv-1"), "resources/persistentvolumes/cluster/pv-1.json");
  assert.equal(
    preferredVersionItemPath("deployments.apps", "v1", "ns", "d"),
    "resources/deployments.apps/v1-preferredversion/namespaces/ns/d.json",
  );
  assert.deepEqual(itemPaths("clusterroles.rbac.authorization.k8s.io", "v1", undefined, "admin"), [
    "resources/clusterroles.rbac.authorization.k8s.io/cluster/admin.json",
    "resources/clusterroles.rbac.authorization.k8s.io/v1-preferredversion/cluster/admin.json",
  ]);
});

test("parseItemPath reads every item path back", () => {
  for (const [gr, ver, ns, name] of [
    ["pods", "v1", "ns", "p"],
    ["persistentvolumes", "v1", undefined, "pv-1"],
    ["crontabs.stable.example.com", "v1beta1", "team-a", "my.tab"],
  ] as const) {
    const [legacy, preferred] = itemPaths(gr, ver, ns, name);
    const base = ns ? { groupResource: gr, namespace: ns, name } : { groupResource: gr, name };
    assert.deepEqual(parseItemPath(legacy), base);
    assert.deepEqual(parseItemPath(preferred), { ...base, preferredVersion: ver });
  }
});

test("parseItemPath rejects what is not an item", () => {
  for (const p of [
    "metadata/version",
    "resources/pods/",
    "resources/pods/namespaces/ns/",
    "resources/pods/namespaces/ns/p.yaml",
    "resources/pods/cluster/x/p.json",
    "resources/pods/v1/namespaces/ns/p.json",
    "resources/pods/-preferredversion/cluster/p.json",
    "other/pods/cluster/p.json",
  ])
    assert.equal(parseItemPath(p), undefined, p);
  assert.deepEqual(parseItemPath("./resources/pods/cluster/p.json"), { groupResource: "pods", name: "p" });
});
