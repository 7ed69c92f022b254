import { test } from "node:test";
import assert from "node:assert/strict";
import { UsageError } from "../output.ts";
import { backupFromFlags } from "./spec.ts";

test("the flags become exactly the spec they describe", () => {
  const backup = backupFromFlags("nightly", "lifeboat", {
    includeNamespaces: "a,b",
    excludeResources: "events",
    includeClusterResources: true,
    selector: "app=x,tier in (f,g)",
    ttl: "1h",
    storageLocation: "minio",
    defaultVolumesToFsBackup: "false",
    labels: "team=db",
  });
  assert.deepEqual(backup, {
    apiVersion: "lifeboat.dev/v1",
    kind: "Backup",
    metadata: { name: "nightly", namespace: "lifeboat", labels: { team: "db" } },
    spec: {
      includedNamespaces: ["a", "b"],
      excludedResources: ["events"],
      includeClusterResources: true,
      labelSelector: {
        matchLabels: { app: "x" },
        matchExpressions: [{ key: "tier", operator: "In", values: ["f", "g"] }],
      },
      ttl: "1h0m0s",
      storageLocation: "minio",
      defaultVolumesToFsBackup: false,
    },
  });
});

test("no flags, no fields: the server's defaults apply", () => {
  assert.deepEqual(backupFromFlags("b", "ns", {}).spec, {});
});

test("or-selectors are a list of selectors", () => {
  assert.deepEqual(backupFromFlags("b", "ns", { orSelector: "app=a or app=b" }).spec.orLabelSelectors, [
    { matchLabels: { app: "a" } },
    { matchLabels: { app: "b" } },
  ]);
});

const bad: [Record<string, string | boolean>, RegExp][] = [
  [{ ttl: "forever" }, /^--ttl: "forever" is not a duration/],
  [{ selector: "app in (a" }, /^--selector: expected '\)'/],
  [{ selector: "a=b", orSelector: "c=d" }, /^--or-selector: cannot be combined with --selector/],
  [
    { includeNamespaces: "Prod" },
    /^--include-namespaces: spec\.includedNamespaces\[0\] "Prod" can never match a namespace/,
  ],
  [
    { includeNamespaces: "a", excludeNamespaces: "a" },
    /^--exclude-namespaces: .* cannot be both included and excluded/,
  ],
  [{ includeClusterResources: "maybe" }, /^--include-cluster-resources: "maybe" is not true or false/],
  [{ storageLocation: "Not_A_Name" }, /^--storage-location: "Not_A_Name" is not a valid name/],
  [{ labels: "a" }, /^--labels: "a" is not key=value/],
];

test("each bad value is one line that starts with its flag", () => {
  for (const [flags, message] of bad) {
    assert.throws(
      () => backupFromFlags("b", "ns", flags),
      (err: unknown) => err instanceof UsageError && message.test(err.message) && !err.message.includes("\n"),
      JSON.stringify(flags),
    );
  }
  assert.throws(() => backupFromFlags("Bad Name", "ns", {}), /NAME: "Bad Name" is not a valid name/);
});
