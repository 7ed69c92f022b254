import { test } from "node:test";
import assert from "node:assert/strict";
import { backupRepositoryLabels, backupRepositoryName } from "./backup-repositories.ts";

test("one BackupRepository per namespace and location, named <namespace>-<location>", () => {
  assert.equal(backupRepositoryName({ volumeNamespace: "shop", location: "default" }), "shop-default");
  assert.deepEqual(backupRepositoryLabels({ volumeNamespace: "shop", location: "default" }), {
    "lifeboat.dev/volume-namespace": "shop",
    "lifeboat.dev/storage-location": "default",
  });
});

test("names that would be too long are shortened with a hash, still unique", () => {
  const a = backupRepositoryName({ volumeNamespace: "ns", location: "x".repeat(260) });
  const b = backupRepositoryName({ volumeNamespace: "ns", location: "x".repeat(259) + "y" });
  assert.ok(a.length <= 253);
  assert.notEqual(a, b);
  // a location name too long for a label value is left out of the labels
  assert.deepEqual(Object.keys(backupRepositoryLabels({ volumeNamespace: "ns", location: "l".repeat(64) })), [
    "lifeboat.dev/volume-namespace",
  ]);
});
