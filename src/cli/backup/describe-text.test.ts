import { test } from "node:test";
import assert from "node:assert/strict";
import type { Backup } from "../../api/backup.ts";
import { describeBackup, resourceListText } from "./describe-text.ts";

const completed: Backup = {
  apiVersion: "lifeboat.dev/v1",
  kind: "Backup",
  metadata: { name: "nightly", namespace: "lifeboat", labels: { "lifeboat.dev/storage-location": "minio" } },
  spec: { includedNamespaces: ["shop"], ttl: "720h0m0s", storageLocation: "minio", includeClusterResources: false },
  status: {
    phase: "Completed",
    startTimestamp: "2025-03-01T10:00:00Z",
    completionTimestamp: "2025-03-01T10:03:12Z",
    expiration: "2025-03-31T10:00:00Z",
    progress: { totalItems: 1234, itemsBackedUp: 1234, totalBytes: 12_300_000, bytesDone: 12_300_000 },
    tarballBytes: 456_000,
    podVolumeBackups: { attempted: 3, completed: 3, failed: 0 },
    warnings: 1,
    errors: 0,
  },
};

test("describe shows the spec and the numbers of the run", () => {
  const text = describeBackup(completed, { offsetMinutes: 0 });
  for (const line of [
    "Name:         nightly",
    "Labels:       lifeboat.dev/storage-location=minio",
    "Phase:  Completed",
    "  Included:  shop",
    "  Cluster-scoped:  excluded",
    "Storage Location:               minio",
    "TTL:                            720h0m0s",
    "Started:    2025-03-01 10:00:00 +0000",
    "Duration:   3m12s",
    "Expiration:  2025-03-31 10:00:00 +0000",
    "Total items to be backed up:  1234",
    "Items backed up:              1234",
    "Volume data:                  12.3 MB of 12.3 MB",
    "Resource tarball:             456.0 kB",
    "Pod volume backups:           3 attempted, 3 completed, 0 failed",
    "Warnings:                     1",
    "Resource List:  <run 'lifeboat backup describe nightly --details' to see it>",
  ]) {
    assert.ok(text.split("\n").includes(line), `missing line ${JSON.stringify(line)} in\n${text}`);
  }
});

test("failures show the reason and validation errors near the top", () => {
  const failed: Backup = {
    ...completed,
    status: { phase: "FailedValidation", validationErrors: ["spec.ttl is bad"], failureReason: "invalid spec" },
  };
  const text = describeBackup(failed, { offsetMinutes: 0 });
  assert.match(
    text,
    /Phase: {2}FailedValidation\n\nValidation errors:\n {2}spec\.ttl is bad\n\nFailure reason: {2}invalid spec\n/,
  );
});

test("--details shows the resources grouped by kind and the results", () => {
  const text = describeBackup(completed, {
    offsetMinutes: 0,
    details: {
      resourceList: { "v1/Pod": ["shop/web-1", "shop/web-0"], "apps/v1/Deployment": ["shop/web"] },
      results: { warnings: { lifeboat: [], cluster: [], namespaces: { shop: ["pod web-0: no volumes"] } } },
      problems: [],
    },
  });
  assert.match(
    text,
    /Resource List:\n {2}apps\/v1\/Deployment \(1\):\n {4}- shop\/web\n {2}v1\/Pod \(2\):\n {4}- shop\/web-0\n {4}- shop\/web-1\n/,
  );
  assert.match(
    text,
    /Warnings:\n {2}Lifeboat: {4}<none>\n {2}Cluster: {5}<none>\n {2}Namespaces:\n {4}shop: {2}pod web-0: no volumes\n/,
  );
  assert.equal(resourceListText({}), "Resource List:  <none>\n");
});
