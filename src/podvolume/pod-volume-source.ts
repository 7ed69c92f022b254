/**
 * From a PodVolumeBackup's or PodVolumeRestore's pod reference to the volume's folder on this
 * node: read the pod (it must be the same pod, by UID, when the reference has one), find the
 * volume in its spec, follow a claim to its bound PersistentVolume, check the pod is on this
 * node, and find the folder the kubelet made (volume-path.ts). Each way this can fail is a
 * PodVolumeError with a message that names the pod and the volume: PodMismatch (it will not get
 * better) or NotReady (not scheduled yet, claim not bound yet: try again).
 */
import type { V1PersistentVolumeClaim, V1Pod } from "@kubernetes/client-node";
import type { ObjectReference } from "../api/object-reference.ts";
import { KubeError } from "../kube/errors.ts";
import type { RestClient } from "../kube/rest.ts";
import { PodVolumeError } from "./errors.ts";
import { claimOf } from "./select-volumes.ts";
import { findVolumeFolder, type VolumeFolder } from "./volume-path.ts";

export interface PodVolume {
  pod: V1Pod;
  podUid: string;
  /** "" while the pod is not scheduled. */
  nodeName: string;
  volume: string;
  claimName?: string;
  pvcUid?: string;
  pvName?: string;
}

function podPath(namespace: string, name: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`;
}

async function readClaim(rest: RestClient, namespace: string, claimName: string): Promise<V1PersistentVolumeClaim> {
  try {
    return await rest.get<V1PersistentVolumeClaim>(
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/persistentvolumeclaims/${encodeURIComponent(claimName)}`,
    );
  } catch (err) {
    if (KubeError.is(err, "NotFound"))
      throw new PodVolumeError("NotReady", `claim ${namespace}/${claimName} does not exist`);
    throw err;
  }
}

/** The pod and what its volume is backed by; needs only the API. */
export async function readPodVolume(rest: RestClient, ref: ObjectReference, volumeName: string): Promise<PodVolume> {
  const who = `pod ${ref.namespace}/${ref.name}`;
  let pod: V1Pod;
  try {
    pod = await rest.get<V1Pod>(podPath(ref.namespace, ref.name));
  } catch (err) {
    if (KubeError.is(err, "NotFound")) throw new PodVolumeError("PodMismatch", `${who} does not exist`);
    throw err;
  }
  const podUid = pod.metadata?.uid ?? "";
  if (ref.uid && podUid !== ref.uid) {
    throw new PodVolumeError("PodMismatch", `${who} was replaced: its uid is ${podUid}, the request is for ${ref.uid}`);
  }
  const volume = pod.spec?.volumes?.find((v) => v.name === volumeName);
  if (!volume) throw new PodVolumeError("PodMismatch", `${who} has no volume "${volumeName}"`);
  const base: PodVolume = { pod, podUid, nodeName: pod.spec?.nodeName ?? "", volume: volumeName };
  const claimName = claimOf(pod, volume);
  if (!claimName) return base;
  const claim = await readClaim(rest, ref.namespace, claimName);
  const pvName = claim.spec?.volumeName;
  if (!pvName || claim.status?.phase !== "Bound") {
    throw new PodVolumeError("NotReady", `${who} volume "${volumeName}": claim ${claimName} is not bound yet`);
  }
  return { ...base, claimName, pvName, ...(claim.metadata?.uid ? { pvcUid: claim.metadata.uid } : {}) };
}

/** The volume's folder on this node; the pod must run here. */
export async function localVolumeFolder(hostPods: string, nodeName: string, source: PodVolume): Promise<VolumeFolder> {
  const who = `pod ${source.pod.metadata?.namespace ?? ""}/${source.pod.metadata?.name ?? ""}`;
  if (!source.nodeName) throw new PodVolumeError("NotReady", `${who} is not scheduled to a node yet`);
  if (source.nodeName !== nodeName) {
    throw new PodVolumeError("PodMismatch", `${who} runs on node ${source.nodeName}, not on ${nodeName}`);
  }
  return findVolumeFolder(hostPods, {
    podUid: source.podUid,
    volumeName: source.volume,
    ...(source.pvName ? { pvName: source.pvName } : {}),
  });
}
