import { test } from "node:test";
import assert from "node:assert/strict";
import type { BackupStorageLocation } from "../api/backup-storage-location.ts";
import { repositoryIdentifier } from "./repository-store.ts";

function location(spec: Partial<BackupStorageLocation["spec"]>): BackupStorageLocation {
  return {
    apiVersion: "lifeboat.dev/v1",
    kind: "BackupStorageLocation",
    metadata: { name: "default" },
    spec: { provider: "aws", objectStorage: { bucket: "backups" }, ...spec },
  };
}

test("the identifier is restic's s3: notation of <prefix>/restic/<namespace>", () => {
  const minio = location({
    objectStorage: { bucket: "lifeboat", prefix: "/dev/" },
    config: { s3Url: "http://127.0.0.1:29000/", region: "minio" },
  });
  assert.equal(repositoryIdentifier(minio, "shop"), "s3:http://127.0.0.1:29000/lifeboat/dev/restic/shop");
  assert.equal(repositoryIdentifier(location({}), "shop"), "s3:s3.amazonaws.com/backups/restic/shop");
});

test("a filesystem location's repository is a folder", () => {
  const fs = location({ provider: "filesystem", objectStorage: { bucket: "/srv/backups", prefix: "lb" } });
  assert.equal(repositoryIdentifier(fs, "shop"), "/srv/backups/lb/restic/shop");
});

test("a namespace that is not a Kubernetes name is refused", () => {
  assert.throws(() => repositoryIdentifier(location({}), "../x"), /not a valid Kubernetes name/);
});
