/**
 * A CSI-style dynamic provisioner for the test StorageClass `lifeboat-hostpath`: for each PVC the
 * PV controller hands to our driver (and, with WaitForFirstConsumer, once the scheduler has
 * picked a node) it creates a PV whose data lives in `<nodes>/<node>/volumes/<pv>` and is pinned
 * to that node; when a PV with reclaim policy Delete is released it removes the data and the PV.
 */
import {
  CoreV1Api,
  StorageV1Api,
  type KubeConfig,
  type V1PersistentVolume,
  type V1PersistentVolumeClaim,
  type V1StorageClass,
} from "@kubernetes/client-node";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";

export const driverName = "hostpath.csi.lifeboat.dev";
const selectedNodeAnnotation = "volume.kubernetes.io/selected-node";
const provisionerAnnotations = ["volume.kubernetes.io/storage-provisioner", "volume.beta.kubernetes.io/storage-provisioner"];
const provisionedByAnnotation = "pv.kubernetes.io/provisioned-by";
const defaultNode = "node-1";

function code(err: unknown): number | undefined {
  return (err as { code?: number }).code;
}

export class HostpathProvisioner {
  private readonly core: CoreV1Api;
  private readonly storage: StorageV1Api;
  private readonly nodesDir: string;
  private readonly log: (msg: string) => void;

  constructor(kc: KubeConfig, nodesDir: string, log: (msg: string) => void) {
    this.core = kc.makeApiClient(CoreV1Api);
    this.storage = kc.makeApiClient(StorageV1Api);
    this.nodesDir = nodesDir;
    this.log = log;
  }

  volumeDir(node: string, pvName: string): string {
    return path.join(this.nodesDir, node, "volumes", pvName);
  }

  private async ourClass(name: string | undefined): Promise<V1StorageClass | undefined> {
    if (!name) return undefined;
    try {
      const sc = await this.storage.readStorageClass({ name });
      return sc.provisioner === driverName ? sc : undefined;
    } catch (err) {
      if (code(err) === 404) return undefined;
      throw err;
    }
  }

  async onClaim(pvc: V1PersistentVolumeClaim): Promise<void> {
    const annotations = pvc.metadata?.annotations ?? {};
    if (pvc.spec?.volumeName || pvc.metadata?.deletionTimestamp) return;
    if (!provisionerAnnotations.some((a) => annotations[a] === driverName)) return;
    const sc = await this.ourClass(pvc.spec?.storageClassName);
    if (!sc) return;
    const waitForConsumer = sc.volumeBindingMode === "WaitForFirstConsumer";
    const node = annotations[selectedNodeAnnotation] ?? (waitForConsumer ? undefined : defaultNode);
    if (!node) return;
    const pvName = `pvc-${pvc.metadata?.uid ?? ""}`;
    const dataDir = this.volumeDir(node, pvName);
    await mkdir(dataDir, { recursive: true, mode: 0o777 });
    const pv: V1PersistentVolume = {
      metadata: { name: pvName, annotations: { [provisionedByAnnotation]: driverName } },
      spec: {
        capacity: { storage: pvc.spec?.resources?.requests?.["storage"] ?? "1Gi" },
        accessModes: pvc.spec?.accessModes ?? ["ReadWriteOnce"],
        persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? "Delete",
        storageClassName: sc.metadata?.name ?? "",
        volumeMode: pvc.spec?.volumeMode ?? "Filesystem",
        claimRef: {
          apiVersion: "v1",
          kind: "PersistentVolumeClaim",
          namespace: pvc.metadata?.namespace ?? "",
          name: pvc.metadata?.name ?? "",
          uid: pvc.metadata?.uid ?? "",
          resourceVersion: pvc.metadata?.resourceVersion ?? "",
        },
        csi: { driver: driverName, volumeHandle: pvName, volumeAttributes: { path: dataDir, node } },
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [node] }] },
            ],
          },
        },
      },
    };
    try {
      await this.core.createPersistentVolume({ body: pv });
      this.log(`provisioned ${pvName} on ${node} for ${pvc.metadata?.namespace ?? ""}/${pvc.metadata?.name ?? ""}`);
    } catch (err) {
      if (code(err) !== 409) throw err;
    }
  }

  async onVolume(pv: V1PersistentVolume): Promise<void> {
    if (pv.metadata?.annotations?.[provisionedByAnnotation] !== driverName) return;
    if (pv.status?.phase !== "Released" || pv.spec?.persistentVolumeReclaimPolicy !== "Delete") return;
    const dataDir = pv.spec.csi?.volumeAttributes?.["path"];
    if (dataDir?.startsWith(this.nodesDir + path.sep)) await rm(dataDir, { recursive: true, force: true });
    try {
      await this.core.deletePersistentVolume({ name: pv.metadata.name ?? "" });
      this.log(`deleted ${pv.metadata.name ?? ""} and its data`);
    } catch (err) {
      if (code(err) !== 404) throw err;
    }
  }
}
