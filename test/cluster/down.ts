/**
 * `npm run cluster:down [-- --purge]`: stops every process `cluster:up` started, newest first,
 * and with --purge wipes the cluster's data (etcd, volumes, MinIO, PKI). Built binaries are kept.
 */
import { rm } from "node:fs/promises";
import { parseArgs } from "node:util";
import path from "node:path";
import { clusterStateFile, adminKubeconfig, devDir, dirs, nodeNames, repoRoot } from "./paths.ts";
import { stopDaemon, strayProcesses } from "./processes.ts";

/** What `cluster:up` starts, newest first. */
export const clusterDaemonNames = [
  "minio",
  ...nodeNames.map((n) => `fake-kubelet-${n}`),
  "hostpath-provisioner",
  "kube-scheduler",
  "kube-controller-manager",
  "kube-apiserver",
  "etcd",
];

/** Everything `cluster:down` stops: Lifeboat's processes (`lifeboat:up`) first, then the cluster's. */
export const daemonNames = [
  ...nodeNames.map((n) => `lifeboat-node-agent-${n}`),
  "lifeboat-server",
  ...clusterDaemonNames,
];

/** What identifies a process of the test cluster on the command line. */
export const clusterProcessMarkers = [devDir + path.sep, path.join(repoRoot, "test", "cluster") + path.sep];

export async function clusterDown(opts: { purge: boolean }, log: (line: string) => void): Promise<void> {
  for (const name of daemonNames) {
    if (await stopDaemon(name)) log(`stopped ${name}`);
  }
  const strays = strayProcesses(clusterProcessMarkers);
  if (strays.length > 0) {
    throw new Error(`processes of the cluster still run:\n${strays.map((s) => `  ${s.pid} ${s.cmdline}`).join("\n")}`);
  }
  if (opts.purge) {
    for (const dir of [dirs.etcd, dirs.minio, dirs.nodes, dirs.pki, dirs.kubeconfigs, dirs.logs, dirs.run]) {
      await rm(dir, { recursive: true, force: true });
    }
    await rm(clusterStateFile, { force: true });
    await rm(adminKubeconfig, { force: true });
    log("purged the cluster's data (built binaries are kept in .lifeboat-dev/bin)");
  }
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { purge: { type: "boolean", default: false } } });
  try {
    await clusterDown({ purge: values.purge ?? false }, (line) => console.log(line));
  } catch (err) {
    console.error(`cluster:down: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
