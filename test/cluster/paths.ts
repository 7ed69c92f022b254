/**
 * Where the local test cluster keeps everything on disk, and the fixed loopback ports it uses.
 * One place owns these names so the build, up/down scripts, fake nodes and test helpers agree.
 */
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..");
export const devDir = process.env["LIFEBOAT_DEV_DIR"] ?? path.join(repoRoot, ".lifeboat-dev");

export const dirs = {
  bin: path.join(devDir, "bin"),
  pki: path.join(devDir, "pki"),
  kubeconfigs: path.join(devDir, "kubeconfigs"),
  etcd: path.join(devDir, "etcd"),
  minio: path.join(devDir, "minio"),
  nodes: path.join(devDir, "nodes"),
  run: path.join(devDir, "run"),
  logs: path.join(devDir, "logs"),
};

export const adminKubeconfig = path.join(devDir, "kubeconfig");
export const clusterStateFile = path.join(devDir, "cluster.json");

/**
 * Every listener binds 127.0.0.1; ports are fixed so a user can reach them by hand.
 * LIFEBOAT_DEV_PORT_OFFSET shifts them all, for a second checkout on the same machine.
 */
const portOffset = Number(process.env["LIFEBOAT_DEV_PORT_OFFSET"] ?? 0);
export const ports = {
  etcdClient: 23790 + portOffset,
  etcdPeer: 23800 + portOffset,
  apiserver: 26443 + portOffset,
  controllerManager: 20257 + portOffset,
  scheduler: 20259 + portOffset,
  minio: 29000 + portOffset,
  minioConsole: 29001 + portOffset,
  /** `lifeboat server` started by `npm run lifeboat:up`: /metrics and /healthz. */
  lifeboatMetrics: 28085 + portOffset,
};

export const host = "127.0.0.1";
export const nodeNames = ["node-1", "node-2"] as const;
export const bucket = "lifeboat";

export function kubeletRoot(node: string): string {
  return path.join(dirs.nodes, node, "kubelet");
}

/** Where the hostpath provisioner keeps the data of a PV that lives on `node`. */
export function hostpathVolumeDir(node: string, pvName: string): string {
  return path.join(dirs.nodes, node, "volumes", pvName);
}
