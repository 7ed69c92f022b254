/**
 * The benchmark's own cluster: the same test cluster as `npm run cluster:up`, but with its ports
 * shifted and its data in its own folder (bench/resources.ts sets both before this is loaded), so
 * the dev cluster others use is never touched. It shares the dev cluster's cache of built binaries
 * (a symlink), which is also where the Velero peer binaries are built on demand. `benchClusterDown`
 * stops every process of this cluster and wipes its data; it is safe to call more than once.
 */
import { existsSync, lstatSync } from "node:fs";
import { mkdir, readdir, rm, symlink } from "node:fs/promises";
import path from "node:path";
import { ensureBinaries } from "../../test/cluster/build.ts";
import { clusterDown } from "../../test/cluster/down.ts";
import { devDir, dirs, ports } from "../../test/cluster/paths.ts";
import { stopDaemon, strayProcesses } from "../../test/cluster/processes.ts";
import type { ClusterInfo } from "../../test/cluster/state.ts";
import { clusterUp } from "../../test/cluster/up.ts";

type Log = (line: string) => void;

export const peerBuilds = ["velero", "velero-plugin-for-aws"];
/** The servers the benchmark runs on this cluster (daemon names, as processes.ts keeps them). */
export const serverDaemons = { velero: "velero-server", lifeboat: "lifeboat-server" } as const;

function assertOwnCluster(): void {
  const shared = process.env["LIFEBOAT_BENCH_SHARED_BIN"];
  if (!shared || path.resolve(dirs.bin) === path.resolve(shared) || ports.apiserver === 26443) {
    throw new Error(
      "the benchmark cluster must have its own folder and ports; run it as `npm run bench:resources` " +
        "(bench/resources.ts sets LIFEBOAT_DEV_DIR and LIFEBOAT_DEV_PORT_OFFSET before loading the cluster code)",
    );
  }
}

async function shareBinaryCache(): Promise<void> {
  const shared = process.env["LIFEBOAT_BENCH_SHARED_BIN"] as string;
  await mkdir(devDir, { recursive: true });
  await mkdir(shared, { recursive: true });
  if (existsSync(dirs.bin) || isDanglingLink(dirs.bin)) {
    if (lstatSync(dirs.bin).isSymbolicLink()) return;
    throw new Error(`${dirs.bin} should be a symlink to the shared binary cache ${shared}; delete it and rerun`);
  }
  await symlink(shared, dirs.bin, "dir");
}

function isDanglingLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Builds what is missing (Velero included), then starts the benchmark cluster from scratch. */
export async function benchClusterUp(log: Log): Promise<{ info: ClusterInfo; buildSeconds: Record<string, number> }> {
  assertOwnCluster();
  // whatever an interrupted run left behind goes first, so every run starts from an empty cluster
  await benchClusterDown(log);
  await shareBinaryCache();
  const buildSeconds = await ensureBinaries(log, { peers: peerBuilds });
  const info = await clusterUp(log);
  return { info, buildSeconds };
}

/**
 * Stops the cluster's processes and deletes its folder (but for the logs, if asked to keep them). clusterDown's own check for leftover
 * processes also matches the dev cluster's fake nodes (it looks for test/cluster/ on a command
 * line), so leftovers are judged here by this cluster's folder alone.
 */
export async function benchClusterDown(log: Log, opts: { keepLogs?: boolean } = {}): Promise<void> {
  assertOwnCluster();
  for (const name of Object.values(serverDaemons)) {
    if (await stopDaemon(name)) log(`stopped ${name}`);
  }
  try {
    await clusterDown({ purge: false }, log);
  } catch (err) {
    const own = strayProcesses([devDir + path.sep]);
    if (own.length > 0) {
      const pids = own.map((s) => s.pid).join(", ");
      throw new Error(`${(err as Error).message}\nof the benchmark cluster: ${pids}`, { cause: err });
    }
  }
  if (!opts.keepLogs) {
    // rm does not follow the bin symlink: the shared binary cache stays
    await rm(devDir, { recursive: true, force: true });
    return;
  }
  for (const entry of await readdir(devDir).catch(() => [])) {
    if (entry !== "logs") await rm(path.join(devDir, entry), { recursive: true, force: true });
  }
}

/**
 * The last resort after an interrupt: a step that was still running may have started a process
 * after the teardown stopped its siblings. Anything whose command line names this cluster's
 * folder was started by the benchmark, so it is killed outright.
 */
export function killLeftovers(log: Log): void {
  for (const stray of strayProcesses([devDir + path.sep])) {
    try {
      process.kill(stray.pid, "SIGKILL");
      log(`killed leftover ${stray.pid} ${stray.cmdline.slice(0, 120)}`);
    } catch {
      // already gone
    }
  }
}
