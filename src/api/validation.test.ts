/**
 * Spec validation beyond the CRD schema: each bad input yields one sentence naming the field,
 * the problem and a right value; valid specs yield nothing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { BackupStorageLocationSpec } from "./backup-storage-location.ts";
import { validateBackupSpec, validateLocationSpec, validateRestoreSpec } from "./validation.ts";

function one(problems: string[], ...patterns: RegExp[]): string {
  assert.equal(problems.length, 1, `expected one problem, got ${JSON.stringify(problems)}`);
  const [problem = ""] = problems;
  for (const pattern of patterns) assert.match(problem, pattern);
  assert.match(problem, /\.$|\?$/, "a full sentence");
  return problem;
}

test("a valid backup spec has no problems", () => {
  assert.deepEqual(
    validateBackupSpec({
      includedNamespaces: ["shop", "db-*", "team-[ab]", "x?", "[!k]ube"],
      excludedNamespaces: ["shop-test"],
      includedResources: ["deployments", "persistentvolumeclaims"],
      excludedResources: ["events"],
      labelSelector: { matchLabels: { app: "db" }, matchExpressions: [{ key: "tier", operator: "Exists" }] },
      ttl: "720h0m0s",
    }),
    [],
  );
  assert.deepEqual(validateBackupSpec({}), []);
});

test("backup: a namespace both included and excluded", () => {
  one(
    validateBackupSpec({ includedNamespaces: ["a", "db"], excludedNamespaces: ["db"] }),
    /^spec\.excludedNamespaces\[0\] "db" is also in spec\.includedNamespaces/,
    /remove it from one/,
  );
});

test("backup: bad globs and names that can never match", () => {
  one(
    validateBackupSpec({ includedNamespaces: ["prod-[ab"] }),
    /includedNamespaces\[0\] "prod-\[ab" has a "\[" without a closing "\]"/,
    /e\.g\. "prod-\*"/,
  );
  one(
    validateBackupSpec({ excludedNamespaces: ["a]"] }),
    /excludedNamespaces\[0\] "a\]" has a "\]" without an opening/,
  );
  one(validateBackupSpec({ includedNamespaces: ["x[z-a]"] }), /backwards range "z-a"/);
  one(
    validateBackupSpec({ includedNamespaces: ["Prod_DB"] }),
    /"Prod_DB" can never match a namespace/,
    /e\.g\. "prod-db"/,
  );
});

test("backup: * in excludedNamespaces or excludedResources", () => {
  one(
    validateBackupSpec({ excludedNamespaces: ["*"] }),
    /^spec\.excludedNamespaces\[0\] is "\*", which would exclude every namespace/,
    /e\.g\. \["kube-system"/,
  );
  one(validateBackupSpec({ excludedResources: ["*"] }), /^spec\.excludedResources\[0\] is "\*"/);
});

test("backup: a resource both included and excluded (case-insensitive)", () => {
  one(
    validateBackupSpec({ includedResources: ["Secrets", "pods"], excludedResources: ["secrets"] }),
    /^spec\.excludedResources\[0\] "secrets" is also in spec\.includedResources/,
  );
});

test("backup: ttl that does not parse, or is negative", () => {
  one(validateBackupSpec({ ttl: "30 days" }), /^spec\.ttl "30 days" is not a duration/, /e\.g\. "720h0m0s"/);
  one(validateBackupSpec({ ttl: "-1h" }), /^spec\.ttl "-1h" is negative/);
});

test("backup: selectors, both kinds, and malformed expressions", () => {
  one(
    validateBackupSpec({ labelSelector: { matchLabels: { a: "b" } }, orLabelSelectors: [{ matchLabels: { a: "c" } }] }),
    /spec\.labelSelector and spec\.orLabelSelectors are both set/,
  );
  one(
    validateBackupSpec({ orLabelSelectors: [{}, { matchExpressions: [{ key: "app", operator: "In", values: [] }] }] }),
    /^spec\.orLabelSelectors\[1\]\.matchExpressions\[0\] \(key "app", operator In\) has no values/,
  );
  one(
    validateBackupSpec({ labelSelector: { matchExpressions: [{ key: "app", operator: "Exists", values: ["x"] }] } }),
    /Exists takes none/,
  );
});

test("a schedule template is checked with its own path", () => {
  one(validateBackupSpec({ ttl: "soon" }, "spec.template"), /^spec\.template\.ttl "soon"/);
});

test("restore: exactly one source", () => {
  assert.deepEqual(validateRestoreSpec({ backupName: "b" }), []);
  assert.deepEqual(validateRestoreSpec({ scheduleName: "nightly" }), []);
  one(validateRestoreSpec({}), /backupName and spec\.scheduleName are both empty/, /e\.g\. backupName:/);
  one(validateRestoreSpec({ backupName: "b", scheduleName: "s" }), /both set/);
});

test("restore: namespace mapping names and collisions", () => {
  assert.deepEqual(validateRestoreSpec({ backupName: "b", namespaceMapping: { shop: "shop-copy", db: "db-2" } }), []);
  one(
    validateRestoreSpec({ backupName: "b", namespaceMapping: { Shop_1: "ok" } }),
    /^spec\.namespaceMapping key "Shop_1" is not a valid namespace name/,
    /e\.g\. "shop-1"/,
  );
  one(
    validateRestoreSpec({ backupName: "b", namespaceMapping: { shop: "-bad" } }),
    /namespaceMapping\["shop"\] "-bad"/,
  );
  one(validateRestoreSpec({ backupName: "b", namespaceMapping: { a: "x".repeat(64) } }), /at most 63/);
  one(
    validateRestoreSpec({ backupName: "b", namespaceMapping: { a: "c", b: "c" } }),
    /maps "a" and "b" to the same namespace "c"/,
    /"a": "a-restored"/,
  );
});

test("restore: the shared filters and restoreStatus are checked too", () => {
  one(validateRestoreSpec({ backupName: "b", excludedNamespaces: ["*"] }), /excludedNamespaces\[0\] is "\*"/);
  one(
    validateRestoreSpec({
      backupName: "b",
      restoreStatus: { includedResources: ["pods"], excludedResources: ["pods"] },
    }),
    /^spec\.restoreStatus\.excludedResources\[0\] "pods" is also in spec\.restoreStatus\.includedResources/,
  );
});

const minio: BackupStorageLocationSpec = {
  provider: "aws",
  objectStorage: { bucket: "lifeboat", prefix: "cluster-a" },
  config: { region: "minio", s3Url: "http://minio:9000", s3ForcePathStyle: "true", checksumAlgorithm: "" },
};

test("a valid location has no problems", () => {
  assert.deepEqual(validateLocationSpec(minio), []);
  assert.deepEqual(
    validateLocationSpec({ provider: "aws", objectStorage: { bucket: "b" }, config: { region: "eu-west-1" } }),
    [],
  );
  assert.deepEqual(validateLocationSpec({ provider: "filesystem", objectStorage: { bucket: "/srv/backups" } }), []);
});

test("location: bucket and prefix", () => {
  one(validateLocationSpec({ ...minio, objectStorage: { bucket: " " } }), /^spec\.objectStorage\.bucket is empty/);
  one(
    validateLocationSpec({ ...minio, objectStorage: { bucket: "b", prefix: "/a/b/" } }),
    /prefix "\/a\/b\/" must not start or end with "\/": write e\.g\. "a\/b"/,
  );
  one(
    validateLocationSpec({ provider: "filesystem", objectStorage: { bucket: "backups" } }),
    /^spec\.objectStorage\.bucket "backups" must be an absolute folder path/,
    /"\/var\/lib\/lifeboat\/backups"/,
  );
});

test("location: config keys and values", () => {
  one(
    validateLocationSpec({ ...minio, config: { ...minio.config, s3URL: "x" } }),
    /unknown|does not know/,
    /did you mean "s3Url"\?/,
  );
  one(
    validateLocationSpec({ ...minio, config: { ...minio.config, profile: "x" } }),
    /the known keys are region, s3Url, publicUrl/,
  );
  one(
    validateLocationSpec({ provider: "filesystem", objectStorage: { bucket: "/b" }, config: { region: "x" } }),
    /takes no config/,
  );
  one(
    validateLocationSpec({ ...minio, config: { ...minio.config, s3Url: "minio:9000" } }),
    /s3Url "minio:9000" is not an http or https URL/,
  );
  one(validateLocationSpec({ ...minio, config: { ...minio.config, publicUrl: "ftp://x" } }), /publicUrl "ftp:\/\/x"/);
  one(
    validateLocationSpec({ ...minio, config: { ...minio.config, checksumAlgorithm: "MD5" } }),
    /checksumAlgorithm "MD5" is not one of "" \(none\), CRC32, CRC32C, SHA1, SHA256, CRC64NVME/,
  );
  one(
    validateLocationSpec({ ...minio, config: { ...minio.config, s3ForcePathStyle: "yes" } }),
    /s3ForcePathStyle "yes" is not "true" or "false"/,
  );
  one(
    validateLocationSpec({ provider: "aws", objectStorage: { bucket: "b" } }),
    /config\.region is required for AWS S3/,
  );
});

test("location: durations and provider", () => {
  one(
    validateLocationSpec({ ...minio, validationFrequency: "1 minute" }),
    /^spec\.validationFrequency "1 minute" is not a duration/,
  );
  one(validateLocationSpec({ ...minio, backupSyncPeriod: "x" }), /^spec\.backupSyncPeriod "x"/);
  one(
    validateLocationSpec({ ...minio, provider: "gcp" as "aws" }),
    /^spec\.provider "gcp" is not supported: use "aws" \(any S3-compatible store\) or "filesystem"\.$/,
  );
});
