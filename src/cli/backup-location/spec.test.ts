import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BackupStorageLocation } from "../../api/backup-storage-location.ts";
import { UsageError } from "../output.ts";
import { locationTable } from "./print.ts";
import { applySetFlags, hasSetFlags, locationFromFlags, readCaCert } from "./spec.ts";

test("create flags become the location spec", () => {
  const location = locationFromFlags("minio", "lifeboat", {
    provider: "aws",
    bucket: "backups",
    prefix: "cluster-a",
    config: "region=minio,s3ForcePathStyle=true,s3Url=http://minio:9000",
    credential: "cloud-credentials=cloud",
    default: true,
    accessMode: "ReadOnly",
    validationFrequency: "1m",
    backupSyncPeriod: "0",
  });
  assert.deepEqual(location, {
    apiVersion: "lifeboat.dev/v1",
    kind: "BackupStorageLocation",
    metadata: { name: "minio", namespace: "lifeboat" },
    spec: {
      provider: "aws",
      objectStorage: { bucket: "backups", prefix: "cluster-a" },
      accessMode: "ReadOnly",
      config: { region: "minio", s3ForcePathStyle: "true", s3Url: "http://minio:9000" },
      credential: { name: "cloud-credentials", key: "cloud" },
      default: true,
      validationFrequency: "1m0s",
      backupSyncPeriod: "0s",
    },
  });
});

const bad: [Record<string, string | boolean>, RegExp][] = [
  [{ bucket: "b" }, /^--provider: required/],
  [{ provider: "gcp", bucket: "b" }, /^--provider: "gcp" is not one of aws, filesystem/],
  [{ provider: "aws" }, /^--bucket: required/],
  [
    { provider: "aws", bucket: "b", config: "region=x,regoin=y" },
    /^--config: spec\.config has the key "regoin", which the aws provider does not know/,
  ],
  [{ provider: "aws", bucket: "b", config: "region=x", prefix: "/p/" }, /^--prefix: .*must not start or end with "\/"/],
  [{ provider: "aws", bucket: "b" }, /^--config: spec\.config\.region is required/],
  [
    { provider: "aws", bucket: "b", config: "region=x", accessMode: "RW" },
    /^--access-mode: "RW" is not one of ReadWrite, ReadOnly/,
  ],
  [
    { provider: "aws", bucket: "b", config: "region=x", credential: "secret" },
    /^--credential: "secret" is not key=value/,
  ],
  [
    { provider: "aws", bucket: "b", config: "region=x", validationFrequency: "often" },
    /^--validation-frequency: "often" is not a duration/,
  ],
  [{ provider: "filesystem", bucket: "relative/dir" }, /^--bucket: .*must be an absolute folder path/],
];

test("each bad value is one line that starts with its flag", () => {
  for (const [flags, message] of bad) {
    assert.throws(
      () => locationFromFlags("loc", "ns", flags),
      (err: unknown) => err instanceof UsageError && message.test(err.message) && !err.message.includes("\n"),
      JSON.stringify(flags),
    );
  }
});

test("set merges config keys and changes only what was given", () => {
  const current = locationFromFlags("minio", "ns", {
    provider: "aws",
    bucket: "b",
    config: "region=minio,s3Url=http://m:9000",
  });
  const updated: BackupStorageLocation = applySetFlags(current, { config: "checksumAlgorithm=", default: "true" });
  assert.deepEqual(updated.spec.config, { region: "minio", s3Url: "http://m:9000", checksumAlgorithm: "" });
  assert.equal(updated.spec.default, true);
  assert.equal(updated.spec.accessMode, "ReadWrite");
  assert.equal(hasSetFlags({}), false);
  assert.equal(hasSetFlags({ default: false }), true);
});

test("--cacert must be a PEM file and is stored base64", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "lifeboat-ca-"));
  try {
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    writeFileSync(path.join(dir, "ca.crt"), pem);
    writeFileSync(path.join(dir, "junk"), "hello");
    assert.equal(Buffer.from(readCaCert(path.join(dir, "ca.crt")), "base64").toString(), pem);
    assert.throws(() => readCaCert(path.join(dir, "junk")), /--cacert: .* holds no PEM certificate/);
    assert.throws(() => readCaCert(path.join(dir, "missing")), /--cacert: cannot read/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the location table has Velero's columns", () => {
  const location = locationFromFlags("minio", "ns", {
    provider: "aws",
    bucket: "b",
    prefix: "p",
    config: "region=x",
    default: true,
  });
  location.status = { phase: "Available", lastValidationTime: "2025-03-01T10:00:00Z" };
  assert.equal(
    locationTable([location], 0),
    "NAME    PROVIDER   BUCKET/PREFIX   PHASE       LAST VALIDATED              ACCESS MODE   DEFAULT\n" +
      "minio   aws        b/p             Available   2025-03-01 10:00:00 +0000   ReadWrite     true\n",
  );
});
