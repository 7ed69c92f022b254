/**
 * The disaster drill from the field (issue #6), end to end through the CLI on the local cluster:
 * two CouchDB volumes (a 200 MiB file and 10,000 small files each) backed up, the namespace
 * deleted, restored, every file byte-identical with its mode and mtime; an incremental backup
 * uploads about the change; stock restic lists and restores the same files.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { useCluster } from "../cluster/harness.ts";
import { useLifeboat } from "../cluster/lifeboat.ts";
import { fullSize } from "../support/couchdb-drill.ts";
import { runDrill } from "../support/drill-run.ts";

test("the CouchDB disaster drill: backup, delete the namespace, restore, every file identical; incremental; stock restic", async (t) => {
  const cluster = await useCluster();
  const lifeboat = await useLifeboat();
  const report = await runDrill(cluster, lifeboat, fullSize, (line) => t.diagnostic(line));
  assert.equal(report.backup.phase, "Completed");
  assert.equal(report.backup.volumes.length, 2);
  for (const v of report.backup.volumes) {
    assert.equal(v.status?.phase, "Completed", `${v.spec.pod.name}: ${JSON.stringify(v.status)}`);
    assert.ok((v.status?.progress?.totalBytes ?? 0) >= fullSize.bigFileMiB * 1024 * 1024);
  }
  assert.equal(report.restore.phase, "Completed");
  assert.deepEqual(report.differences, []);
  for (const [pod, facts] of report.original) {
    assert.ok(facts.files >= fullSize.smallFiles + 2, `${pod} has ${facts.files} files`);
    assert.equal(report.restored.get(pod)?.checksum, facts.checksum, pod);
  }
  assert.equal(report.incremental.phase, "Completed");
  assert.ok(report.incremental.uploadedBytes > 0);
  // the change is ~2 × 100 files; what is uploaded must be of that order, not the 400+ MiB of data
  assert.ok(
    report.incremental.uploadedBytes < 10 * report.incremental.changedBytes + 4 * 1024 * 1024,
    `uploaded ${report.incremental.uploadedBytes} bytes for ${report.incremental.changedBytes} changed`,
  );
  // the drill deletes its earlier backups first, which forgets their snapshots: only this run's 2 × 2 remain
  assert.equal(report.restic.snapshots, 4);
  assert.ok(report.restic.tagsOk, "snapshot tags");
  assert.deepEqual(report.restic.differences, []);
  t.diagnostic(JSON.stringify({ seconds: report.seconds, incremental: report.incremental }));
});
