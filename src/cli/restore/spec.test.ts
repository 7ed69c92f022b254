import { test } from "node:test";
import assert from "node:assert/strict";
import { UsageError } from "../output.ts";
import { defaultRestoreName, restoreFromFlags } from "./spec.ts";

const now = new Date("2025-03-01T04:05:06.789Z");

test("an unnamed restore is named <backup>-<UTC yyyyMMddHHmmss>", () => {
  assert.equal(defaultRestoreName("nightly", now), "nightly-20250301040506");
  assert.equal(
    restoreFromFlags(undefined, "lifeboat", { fromBackup: "nightly" }, now).metadata.name,
    "nightly-20250301040506",
  );
});

test("the flags become exactly the spec they describe", () => {
  const restore = restoreFromFlags(
    "r1",
    "lifeboat",
    {
      fromBackup: "nightly",
      includeNamespaces: "shop",
      namespaceMappings: "shop:shop-copy",
      existingResourcePolicy: "update",
      restoreVolumes: "false",
      preserveNodeports: true,
      statusIncludeResources: "workflows",
      includeClusterResources: "true",
    },
    now,
  );
  assert.deepEqual(restore, {
    apiVersion: "lifeboat.dev/v1",
    kind: "Restore",
    metadata: { name: "r1", namespace: "lifeboat" },
    spec: {
      backupName: "nightly",
      includedNamespaces: ["shop"],
      includeClusterResources: true,
      namespaceMapping: { shop: "shop-copy" },
      existingResourcePolicy: "update",
      restorePVs: false,
      preserveNodePorts: true,
      restoreStatus: { includedResources: ["workflows"] },
    },
  });
});

test("--from-schedule restores the schedule's latest backup", () => {
  const restore = restoreFromFlags(undefined, "ns", { fromSchedule: "daily" }, now);
  assert.deepEqual(restore.spec, { scheduleName: "daily" });
  assert.equal(restore.metadata.name, "daily-20250301040506");
});

const bad: [Record<string, string | boolean>, RegExp][] = [
  [{}, /^--from-backup: required/],
  [{ fromBackup: "a", fromSchedule: "b" }, /^--from-schedule: cannot be combined with --from-backup/],
  [{ fromBackup: "a", namespaceMappings: "shop" }, /^--namespace-mappings: "shop" is not source:target/],
  [
    { fromBackup: "a", existingResourcePolicy: "merge" },
    /^--existing-resource-policy: "merge" is not one of none, update/,
  ],
  [{ fromBackup: "a", restoreVolumes: "nope" }, /^--restore-volumes: "nope" is not true or false/],
  [{ fromBackup: "a", selector: "x=1", orSelector: "y=2" }, /^--or-selector: cannot be combined/],
  [{ fromBackup: "a", excludeResources: "*" }, /^--exclude-resources: spec\.excludedResources\[0\] is "\*"/],
];

test("each bad value is one line that starts with its flag", () => {
  for (const [flags, message] of bad) {
    assert.throws(
      () => restoreFromFlags(undefined, "ns", flags, now),
      (err: unknown) => err instanceof UsageError && message.test(err.message) && !err.message.includes("\n"),
      JSON.stringify(flags),
    );
  }
});
