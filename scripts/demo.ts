/**
 * `npm run demo`: the main job on a fresh machine — the disaster drill from the field, narrated.
 * Builds and starts the local cluster if needed (the first run compiles Kubernetes, etcd, MinIO
 * and restic from Go modules), installs Lifeboat (`lifeboat:up`: CRDs, credentials, a default
 * backup location on MinIO, `lifeboat server`, one node agent per node), then runs the CouchDB
 * drill with the CLI (backup, delete the namespace, restore, verify every file, incremental
 * backup, stock restic) and ends with a verified summary. Everything keeps running afterwards.
 */
import { useCluster } from "../test/cluster/harness.ts";
import { useLifeboat } from "../test/cluster/lifeboat.ts";
import { fullSize } from "../test/support/couchdb-drill.ts";
import { runDrill, type DrillReport } from "../test/support/drill-run.ts";
import { humanBytes } from "../src/cli/describe-format.ts";

const say = (line: string): void => console.log(line);

function summary(report: DrillReport): boolean {
  const volumeBytes = report.backup.volumes.reduce((n, v) => n + (v.status?.progress?.totalBytes ?? 0), 0);
  const files = [...report.original.values()].reduce((n, f) => n + f.files, 0);
  const identical = report.differences.length === 0;
  const rows: [string, string][] = [
    [
      "backup",
      `${report.backup.phase}: ${report.backup.items} items, ${report.backup.volumes.length} volumes, ${humanBytes(volumeBytes)} in ${files} files, ${report.backup.seconds.toFixed(1)} s`,
    ],
    [
      "restore",
      `${report.restore.phase}: ${report.restore.items} items, ${report.restore.seconds.toFixed(1)} s (pods Running after ${(report.seconds["pods running"] ?? 0).toFixed(1)} s more)`,
    ],
    [
      "restored files",
      identical
        ? "every file identical (content, mode, mtime, symlink)"
        : `${report.differences.length} differences: ${report.differences.slice(0, 3).join("; ")}`,
    ],
    ...[...report.original].map(([pod, facts]): [string, string] => [
      `checksum ${pod}`,
      `${facts.checksum.slice(0, 32)}… ${report.restored.get(pod)?.checksum === facts.checksum ? "= restored" : "≠ restored"}`,
    ]),
    [
      "incremental backup",
      `${report.incremental.phase}: ${humanBytes(report.incremental.changedBytes)} changed, ${humanBytes(report.incremental.uploadedBytes)} uploaded, ${report.incremental.seconds.toFixed(1)} s`,
    ],
    [
      "stock restic",
      `${report.restic.snapshots} snapshots listed, tags ${report.restic.tagsOk ? "ok" : "MISSING"}, restore ${report.restic.differences.length === 0 ? "identical" : "DIFFERS"}`,
    ],
  ];
  say("\n## Summary");
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) say(`  ${k.padEnd(width)}  ${v}`);
  return (
    identical &&
    report.backup.phase === "Completed" &&
    report.restore.phase === "Completed" &&
    report.restic.differences.length === 0 &&
    report.restic.tagsOk
  );
}

const started = performance.now();
try {
  say("## Starting the local cluster and Lifeboat (the first run builds the cluster from Go modules)");
  const cluster = await useCluster();
  const lifeboat = await useLifeboat();
  const report = await runDrill(cluster, lifeboat, fullSize, say);
  const ok = summary(report);
  say(
    `\nThe drill took ${((performance.now() - started) / 1000).toFixed(0)} s in all. ${ok ? "Everything verified." : "VERIFICATION FAILED."}`,
  );
  say(`Try it yourself: export KUBECONFIG=${lifeboat.kubeconfig}; npx lifeboat backup get`);
  say("Stop everything with: npm run cluster:down");
  if (!ok) process.exitCode = 1;
} catch (err) {
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
