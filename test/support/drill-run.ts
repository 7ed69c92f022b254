/**
 * The drill as one sequence with its measurements, shared by `npm run demo` (narrated, full
 * size) and the e2e test: every step's duration, the bytes backed up, the incremental bytes, and
 * the verification of the restored volumes and of stock restic's view of the repository.
 */
import type { TestCluster } from "../cluster/harness.ts";
import type { LifeboatInfo } from "../cluster/lifeboat.ts";
import {
  backupName,
  Drill,
  drillNamespace,
  incrementalBackupName,
  pods,
  restoreName,
  treeDifferences,
  type DrillSize,
  type Narrate,
  type TreeFacts,
} from "./couchdb-drill.ts";

interface PvbView {
  metadata: { name: string };
  spec: { pod: { name: string }; volume: string };
  status?: {
    phase?: string;
    snapshotID?: string;
    incrementalBytes?: number;
    progress?: { totalBytes?: number };
    startTimestamp?: string;
    completionTimestamp?: string;
  };
}

export interface DrillReport {
  original: Map<string, TreeFacts>;
  restored: Map<string, TreeFacts>;
  differences: string[];
  backup: { seconds: number; items: number; phase: string; volumes: PvbView[] };
  restore: { seconds: number; items: number; phase: string };
  incremental: { seconds: number; changedBytes: number; uploadedBytes: number; phase: string };
  restic: { snapshots: number; tagsOk: boolean; differences: string[] };
  seconds: Record<string, number>;
}

async function timed<T>(seconds: Record<string, number>, step: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    seconds[step] = (performance.now() - started) / 1000;
  }
}

async function status(drill: Drill, kind: "backups" | "restores", name: string) {
  const out = await drill.kubectl(["-n", "lifeboat", "get", `${kind}.lifeboat.dev`, name, "-o", "json"], false);
  return (
    JSON.parse(out) as { status?: { phase?: string; progress?: { itemsBackedUp?: number; itemsRestored?: number } } }
  ).status;
}

async function volumeBackups(drill: Drill, backup: string): Promise<PvbView[]> {
  const out = await drill.kubectl(
    [
      "-n",
      "lifeboat",
      "get",
      "podvolumebackups.lifeboat.dev",
      "-l",
      `lifeboat.dev/backup-name=${backup}`,
      "-o",
      "json",
    ],
    false,
  );
  return (JSON.parse(out) as { items: PvbView[] }).items;
}

async function backUp(drill: Drill, seconds: Record<string, number>, say: Narrate): Promise<DrillReport["backup"]> {
  say("\n## 3. Mark the volumes for file-system backup");
  for (const pod of pods) {
    await drill.kubectl([
      "-n",
      drillNamespace,
      "annotate",
      `pod/${pod}`,
      "backup.lifeboat.dev/backup-volumes=couchdb-data",
      "--overwrite",
    ]);
  }
  say("\n## 4. Back up the namespace");
  await timed(seconds, "backup", () =>
    drill.lifeboat(["backup", "create", backupName, "--include-namespaces", drillNamespace, "--wait"]),
  );
  const backupStatus = await status(drill, "backups", backupName);
  const volumes = await volumeBackups(drill, backupName);
  await drill.lifeboat(["backup", "describe", backupName, "--details"]);
  const logs = (await drill.lifeboat(["backup", "logs", backupName], false)).trim().split("\n");
  say(`  (${logs.length} log lines; the last: ${logs.at(-1) ?? ""})`);
  return {
    seconds: seconds["backup"] ?? 0,
    items: backupStatus?.progress?.itemsBackedUp ?? 0,
    phase: backupStatus?.phase ?? "",
    volumes,
  };
}

async function restoreAndVerify(
  drill: Drill,
  original: Map<string, TreeFacts>,
  seconds: Record<string, number>,
  say: Narrate,
): Promise<Pick<DrillReport, "restore" | "restored" | "differences">> {
  say("\n## 5. Disaster: the namespace is deleted (and with it the volumes and their data)");
  await timed(seconds, "delete namespace", () => drill.waitForNamespaceGone());
  say("\n## 6. Restore");
  await timed(seconds, "restore", () =>
    drill.lifeboat(["restore", "create", restoreName, "--from-backup", backupName, "--wait"]),
  );
  const restoreStatus = await status(drill, "restores", restoreName);
  await drill.lifeboat(["restore", "describe", restoreName, "--details"]);
  const restoreLogs = await drill.lifeboat(["restore", "logs", restoreName], false);
  say(`  (${restoreLogs.trim().split("\n").length} log lines)`);
  await timed(seconds, "pods running", () => drill.waitForPodsRunning());
  await drill.kubectl(["-n", drillNamespace, "get", "pods,pvc"]);
  say("\n## 7. Verify every file: content hash, mode, mtime, symlink");
  const restored = await drill.volumeFacts();
  const differences: string[] = [];
  for (const pod of pods) {
    const want = original.get(pod);
    const got = restored.get(pod);
    if (want && got) differences.push(...treeDifferences(want, got).map((d) => `${pod}: ${d}`));
    const verdict = got?.checksum === want?.checksum ? "= original" : "DIFFERS";
    say(`  ${pod}: ${got?.files ?? 0} files, checksum ${got?.checksum.slice(0, 16) ?? ""}… ${verdict}`);
  }
  const restore = {
    seconds: seconds["restore"] ?? 0,
    items: restoreStatus?.progress?.itemsRestored ?? 0,
    phase: restoreStatus?.phase ?? "",
  };
  return { restore, restored, differences };
}

async function incremental(
  drill: Drill,
  size: DrillSize,
  seconds: Record<string, number>,
  say: Narrate,
): Promise<DrillReport["incremental"]> {
  say("\n## 8. Change 1% of the files, back up again: only the change is uploaded");
  const changedBytes = await drill.changeOnePercent(size);
  await timed(seconds, "incremental backup", () =>
    drill.lifeboat(["backup", "create", incrementalBackupName, "--include-namespaces", drillNamespace, "--wait"]),
  );
  const incStatus = await status(drill, "backups", incrementalBackupName);
  const incVolumes = await volumeBackups(drill, incrementalBackupName);
  const uploadedBytes = incVolumes.reduce((n, v) => n + (v.status?.incrementalBytes ?? 0), 0);
  say(`  changed ${changedBytes} bytes; uploaded ${uploadedBytes} bytes`);
  return { seconds: seconds["incremental backup"] ?? 0, changedBytes, uploadedBytes, phase: incStatus?.phase ?? "" };
}

async function stockRestic(
  drill: Drill,
  volumes: PvbView[],
  original: Map<string, TreeFacts>,
  say: Narrate,
): Promise<DrillReport["restic"]> {
  say("\n## 9. Stock restic reads the repository with the password Lifeboat prints");
  const password = await drill.repositoryPassword();
  const snaps = JSON.parse(await drill.restic(password, ["snapshots", "--json"])) as Array<{
    id: string;
    paths: string[];
    tags?: string[];
  }>;
  say(`  restic lists ${snaps.length} snapshots`);
  const first = volumes.find((v) => v.spec.pod.name === pods[0]);
  const snap = snaps.find((s) => s.id === first?.status?.snapshotID);
  if (!snap)
    return {
      snapshots: snaps.length,
      tagsOk: false,
      differences: [`restic does not list snapshot ${first?.status?.snapshotID ?? "?"}`],
    };
  const tagsOk = Boolean(snap.tags?.includes(`backup=${backupName}`) && snap.tags.includes(`pod=${pods[0]}`));
  const fromRestic = await drill.resticRestore(password, snap);
  const want = original.get(pods[0] ?? "");
  const differences = want ? treeDifferences(want, fromRestic) : ["no original"];
  const verdict = fromRestic.checksum === want?.checksum ? "= original" : "DIFFERS";
  say(
    `  restic restore of ${pods[0]}: ${fromRestic.files} files, checksum ${fromRestic.checksum.slice(0, 16)}… ${verdict}`,
  );
  return { snapshots: snaps.length, tagsOk, differences };
}

export async function runDrill(
  cluster: TestCluster,
  lifeboat: LifeboatInfo,
  size: DrillSize,
  say: Narrate,
): Promise<DrillReport> {
  const drill = new Drill(cluster, lifeboat, say);
  const seconds: Record<string, number> = {};
  say("\n## 0. A clean slate (an earlier run's namespace and backups are removed)");
  await drill.reset();
  say("\n## 1. A CouchDB-like StatefulSet with 2 replicas, each with a volume from couchdb-data");
  await timed(seconds, "deploy", () => drill.deployCouchdb());
  say(
    `\n## 2. Data in each volume: a ${size.bigFileMiB} MiB file, ${size.smallFiles} small files in nested folders, a symlink, varied modes and mtimes`,
  );
  const original = await timed(seconds, "write data", () => drill.writeData(size));
  for (const [pod, facts] of original) {
    say(`  ${pod}: ${facts.files} files, ${facts.bytes} bytes, checksum ${facts.checksum.slice(0, 16)}…`);
  }
  const backup = await backUp(drill, seconds, say);
  const restored = await restoreAndVerify(drill, original, seconds, say);
  const inc = await incremental(drill, size, seconds, say);
  const restic = await stockRestic(drill, backup.volumes, original, say);
  return { original, ...restored, backup, incremental: inc, restic, seconds };
}
