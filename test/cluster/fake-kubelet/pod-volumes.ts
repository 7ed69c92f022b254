/**
 * Lays out a pod's volumes on disk exactly where a real kubelet puts them, under the node's
 * kubelet root:
 *   pods/<podUID>/volumes/kubernetes.io~csi/<pvName>/mount      → the PV's data directory
 *   pods/<podUID>/volumes/kubernetes.io~csi/<pvName>/vol_data.json
 *   pods/<podUID>/volumes/kubernetes.io~empty-dir/<volumeName>/  (lives and dies with the pod)
 *   pods/<podUID>/volumes/kubernetes.io~configmap|secret/<volumeName>/<key>
 * A real kubelet bind-mounts the CSI volume at `mount`; here `mount` is a symlink to the PV's
 * data directory, so writes through it land in the volume and outlive the pod.
 */
import { CoreV1Api, type KubeConfig, type V1Pod, type V1Volume } from "@kubernetes/client-node";
import { mkdir, rm, symlink, writeFile, readlink } from "node:fs/promises";
import path from "node:path";

export const hostpathDriver = "hostpath.csi.lifeboat.dev";

export class VolumeNotReady extends Error {
  readonly code = "VolumeNotReady";
}

export function podDir(rootDir: string, podUid: string): string {
  return path.join(rootDir, "pods", podUid);
}

export function csiMountDir(rootDir: string, podUid: string, pvName: string): string {
  return path.join(podDir(rootDir, podUid), "volumes", "kubernetes.io~csi", pvName, "mount");
}

export function emptyDirPath(rootDir: string, podUid: string, volumeName: string): string {
  return path.join(podDir(rootDir, podUid), "volumes", "kubernetes.io~empty-dir", volumeName);
}

async function ensureSymlink(target: string, link: string): Promise<void> {
  try {
    if ((await readlink(link)) === target) return;
    await rm(link, { force: true });
  } catch {
    // missing: create below
  }
  await mkdir(path.dirname(link), { recursive: true });
  await symlink(target, link);
}

async function writeKeys(dir: string, data: Record<string, string> | undefined, decode: boolean): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [key, value] of Object.entries(data ?? {})) {
    await writeFile(path.join(dir, key), decode ? Buffer.from(value, "base64") : value);
  }
}

export class PodVolumes {
  private readonly core: CoreV1Api;
  private readonly rootDir: string;
  private readonly nodeName: string;

  constructor(kc: KubeConfig, rootDir: string, nodeName: string) {
    this.core = kc.makeApiClient(CoreV1Api);
    this.rootDir = rootDir;
    this.nodeName = nodeName;
  }

  /** Creates every volume folder of `pod`; returns volume name → host path. */
  async setUp(pod: V1Pod): Promise<Map<string, string>> {
    const uid = pod.metadata?.uid ?? "";
    const namespace = pod.metadata?.namespace ?? "default";
    const paths = new Map<string, string>();
    for (const volume of pod.spec?.volumes ?? []) {
      const hostPath = await this.setUpVolume(uid, namespace, volume);
      if (hostPath) paths.set(volume.name, hostPath);
    }
    return paths;
  }

  private async setUpVolume(uid: string, namespace: string, volume: V1Volume): Promise<string | undefined> {
    if (volume.persistentVolumeClaim) {
      return this.setUpClaim(uid, namespace, volume.persistentVolumeClaim.claimName);
    }
    if (volume.emptyDir) {
      const dir = emptyDirPath(this.rootDir, uid, volume.name);
      await mkdir(dir, { recursive: true });
      return dir;
    }
    if (volume.configMap) {
      const dir = path.join(podDir(this.rootDir, uid), "volumes", "kubernetes.io~configmap", volume.name);
      const cm = await this.core.readNamespacedConfigMap({
        name: volume.configMap.name ?? "",
        namespace,
      });
      await writeKeys(dir, cm.data, false);
      return dir;
    }
    if (volume.secret) {
      const dir = path.join(podDir(this.rootDir, uid), "volumes", "kubernetes.io~secret", volume.name);
      const secret = await this.core.readNamespacedSecret({
        name: volume.secret.secretName ?? "",
        namespace,
      });
      await writeKeys(dir, secret.data, true);
      return dir;
    }
    // hostPath and the rest get no folder under the pod, as with a real kubelet
    return undefined;
  }

  private async setUpClaim(uid: string, namespace: string, claimName: string): Promise<string> {
    const pvc = await this.core.readNamespacedPersistentVolumeClaim({ name: claimName, namespace });
    const pvName = pvc.spec?.volumeName;
    if (!pvName || pvc.status?.phase !== "Bound") {
      throw new VolumeNotReady(`PVC ${namespace}/${claimName} is not bound yet`);
    }
    const pv = await this.core.readPersistentVolume({ name: pvName });
    const csi = pv.spec?.csi;
    const dataDir = csi?.volumeAttributes?.["path"];
    if (csi?.driver !== hostpathDriver || !dataDir) {
      throw new VolumeNotReady(`PV ${pvName} is not a ${hostpathDriver} volume; the fake node cannot mount it`);
    }
    const mount = csiMountDir(this.rootDir, uid, pvName);
    await ensureSymlink(dataDir, mount);
    const volData = {
      driverName: csi.driver,
      nodeName: this.nodeName,
      specVolID: pvName,
      volumeHandle: csi.volumeHandle,
      volumeLifecycleMode: "Persistent",
    };
    await writeFile(path.join(path.dirname(mount), "vol_data.json"), JSON.stringify(volData));
    return mount;
  }

  /** Removes the pod's folder: unmounting (the symlink goes, the PV's data stays). */
  async tearDown(podUid: string): Promise<void> {
    await rm(podDir(this.rootDir, podUid), { recursive: true, force: true });
  }
}
