/**
 * What an end-to-end test needs from the local cluster: it is started (or reused, if already
 * healthy) on first use, and the test gets a kubeconfig, a client, the S3 endpoint and keys, and
 * helpers that write and read a pod's volume the way the application in that pod would — through
 * the kubelet layout on the pod's node.
 */
import { CoreV1Api, KubeConfig, type V1Pod } from "@kubernetes/client-node";
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { binaryPath } from "./build.ts";
import { csiMountDir, emptyDirPath } from "./fake-kubelet/pod-volumes.ts";
import { kubeletRoot } from "./paths.ts";
import type { ClusterInfo } from "./state.ts";
import { clusterUp } from "./up.ts";

const run = promisify(execFile);

export interface TestCluster extends ClusterInfo {
  kc: KubeConfig;
  core: CoreV1Api;
  kubectl(args: string[]): Promise<string>;
  binary(name: "restic" | "kubectl" | "minio"): string;
  volumePath(namespace: string, pod: string, volume: string): Promise<string>;
  writeInPod(namespace: string, pod: string, volume: string, file: string, data: string | Uint8Array): Promise<void>;
  readInPod(namespace: string, pod: string, volume: string, file: string): Promise<Buffer>;
}

let shared: Promise<TestCluster> | undefined;

export function useCluster(): Promise<TestCluster> {
  shared ??= start();
  return shared;
}

async function start(): Promise<TestCluster> {
  const info = await clusterUp((line) => process.stderr.write(`[cluster] ${line}\n`));
  const kc = new KubeConfig();
  kc.loadFromFile(info.kubeconfig);
  const core = kc.makeApiClient(CoreV1Api);
  const volumePath = (namespace: string, pod: string, volume: string) =>
    resolveVolumePath(core, namespace, pod, volume);
  return {
    ...info,
    kc,
    core,
    kubectl: async (args) => (await run(binaryPath("kubectl"), ["--kubeconfig", info.kubeconfig, ...args])).stdout,
    binary: (name) => binaryPath(name),
    volumePath,
    writeInPod: async (namespace, pod, volume, file, data) => {
      const target = inside(await volumePath(namespace, pod, volume), file);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, data);
    },
    readInPod: async (namespace, pod, volume, file) => readFile(inside(await volumePath(namespace, pod, volume), file)),
  };
}

function inside(root: string, file: string): string {
  const target = path.resolve(root, file);
  if (!target.startsWith(root + path.sep)) throw new Error(`"${file}" is outside the volume`);
  return target;
}

/** The host folder of `volume` of a running pod, exactly where the kubelet of its node has it. */
export async function resolveVolumePath(
  core: CoreV1Api,
  namespace: string,
  podName: string,
  volume: string,
): Promise<string> {
  const pod: V1Pod = await core.readNamespacedPod({ name: podName, namespace });
  const node = pod.spec?.nodeName;
  const uid = pod.metadata?.uid ?? "";
  if (!node) throw new Error(`pod ${namespace}/${podName} is not scheduled yet`);
  const spec = pod.spec?.volumes?.find((v) => v.name === volume);
  if (!spec) throw new Error(`pod ${namespace}/${podName} has no volume "${volume}"`);
  if (spec.emptyDir) return emptyDirPath(kubeletRoot(node), uid, volume);
  if (!spec.persistentVolumeClaim) throw new Error(`volume "${volume}" is neither a PVC nor an emptyDir`);
  const pvc = await core.readNamespacedPersistentVolumeClaim({
    name: spec.persistentVolumeClaim.claimName,
    namespace,
  });
  const pv = pvc.spec?.volumeName;
  if (!pv) throw new Error(`PVC ${namespace}/${spec.persistentVolumeClaim.claimName} is not bound`);
  return csiMountDir(kubeletRoot(node), uid, pv);
}
