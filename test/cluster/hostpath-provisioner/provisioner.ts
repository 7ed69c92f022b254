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
const provisionerAnnotations = [
  "volume.kubernetes.io/storage-provisioner",
  "volume.beta.kubernetes.io/storage-provisioner",
];
const provisionedByAnnotation = "pv.kubernetes.io/provisioned-by";
const defaultNode = "node-1";

function code(err: unknown): number | undefined {
  return (err as { code?: number }).code;
}

/** The PV a CSI external-provisioner would create for `pvc`, pinned to `node`. */
export function persistentVolumeFor(
  pvc: V1PersistentVolumeClaim,
  sc: V1StorageClass,
  where: { pvName: string; node: string; dataDir: string },
): V1PersistentVolume {
  const claim = pvc.metadata ?? {};
  const spec = pvc.spec ?? {};
  return {
    metadata: { name: where.pvName, annotations: { [provisionedByAnnotation]: driverName } },
    spec: {
      capacity: { storage: spec.resources?.requests?.["storage"] ?? "1Gi" },
      accessModes: spec.accessModes ?? ["ReadWriteOnce"],
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? "Delete",
      storageClassName: sc.metadata?.name,
      volumeMode: spec.volumeMode ?? "Filesystem",
      claimRef: {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        namespace: claim.namespace,
        name: claim.name,
        uid: claim.uid,
        resourceVersion: claim.resourceVersion,
      },
      csi: {
        driver: driverName,
        volumeHandle: where.pvName,
        volumeAttributes: { path: where.dataDir, node: where.node },
      },
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [
            {
              matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: [where.node] }],
            },
          ],
        },
      },
    },
  };
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

  /** The node to provision `pvc` on, or undefined when it is not (yet) ours to provision. */
  private async placement(pvc: V1PersistentVolumeClaim): Promise<{ sc: V1StorageClass; node: string } | undefined> {
    const annotations = pvc.metadata?.annotations ?? {};
    if (pvc.spec?.volumeName || pvc.metadata?.deletionTimestamp) return undefined;
    if (!provisionerAnnotations.some((a) => annotations[a] === driverName)) return undefined;
    const sc = await this.ourClass(pvc.spec?.storageClassName);
    if (!sc) return undefined;
    const waitForConsumer = sc.volumeBindingMode === "WaitForFirstConsumer";
    const node = annotations[selectedNodeAnnotation] ?? (waitForConsumer ? undefined : defaultNode);
    return node ? { sc, node } : undefined;
  }

  async onClaim(pvc: V1PersistentVolumeClaim): Promise<void> {
    const placement = await this.placement(pvc);
    if (!placement) return;
    const { sc, node } = placement;
    const pvName = `pvc-${pvc.metadata?.uid ?? ""}`;
    const dataDir = this.volumeDir(node, pvName);
    await mkdir(dataDir, { recursive: true, mode: 0o777 });
    const pv = persistentVolumeFor(pvc, sc, { pvName, node, dataDir });
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
