import { test } from "node:test";
import assert from "node:assert/strict";
import type { PodVolumeBackup } from "../api/pod-volume-backup.ts";
import { podVolumesText } from "./pod-volumes-text.ts";

const pvb = (pod: string, phase: string, message?: string): PodVolumeBackup => ({
  apiVersion: "lifeboat.dev/v1",
  kind: "PodVolumeBackup",
  metadata: { name: `b-${pod}` },
  spec: {
    node: "node-1",
    pod: { kind: "Pod", namespace: "couchdb", name: pod, uid: "u" },
    volume: "couchdb-data",
    backupStorageLocation: "default",
    repoIdentifier: "s3:http://x/b/restic/couchdb",
  },
  status: {
    phase: phase as "Completed",
    snapshotID: "1a2b3c4d5e6f",
    progress: { totalBytes: 291_030_777, bytesDone: 291_030_777 },
    incrementalBytes: 1_746_229,
    startTimestamp: "2026-11-25T10:00:00Z",
    completionTimestamp: "2026-11-25T10:00:22Z",
    ...(message ? { message } : {}),
  },
});

test("one row per volume with snapshot, bytes, uploaded bytes, duration and message", () => {
  const text = podVolumesText("Pod Volume Backups", [
    pvb("couchdb-1", "Failed", "node agent stopped"),
    pvb("couchdb-0", "Completed"),
  ]);
  const lines = text.trimEnd().split("\n");
  assert.equal(lines[0], "Pod Volume Backups:");
  assert.match(lines[1] ?? "", /POD\s+VOLUME\s+STATUS\s+SNAPSHOT\s+BYTES\s+UPLOADED\s+DURATION\s+MESSAGE/);
  assert.match(lines[2] ?? "", /couchdb\/couchdb-0\s+couchdb-data\s+Completed\s+1a2b3c4d\s+291\.0 MB\s+1\.7 MB\s+22s/);
  assert.match(lines[3] ?? "", /couchdb\/couchdb-1 .*Failed.*node agent stopped/);
});

test("no volumes is said in one line", () => {
  assert.equal(podVolumesText("Pod Volume Backups", []), "Pod Volume Backups:  <none>\n");
});
