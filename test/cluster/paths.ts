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

/** Every listener binds 127.0.0.1; ports are fixed so a user can reach them by hand. */
export const ports = {
  etcdClient: 23790,
  etcdPeer: 23800,
  apiserver: 26443,
  controllerManager: 20257,
  scheduler: 20259,
  minio: 29000,
  minioConsole: 29001,
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
