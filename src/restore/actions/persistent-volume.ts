/**
 * PersistentVolume decisions and fix-ups. Lifeboat moves volume data by file-system backup, not
 * by cloud snapshots, so a PV object comes back only when it points at storage that outlives
 * its claim: reclaim policy Retain (or Recycle). As in Velero, a PV with policy Delete and no
 * snapshot is not restored (its storage went with the old claim); its claim is provisioned a
 * new volume. The same holds for volumes restored by file-system restore, and for every PV
 * when the restore says restorePVs=false. A restored PV keeps its claimRef (name, and namespace
 * through the namespace mapping) without the old claim's uid, so the PV controller binds it to
 * the restored claim.
 */
import { type KubeObject, at, child, clone, str, stringMap, setStringMap } from "../object.ts";
import { type ActionResult, keep } from "./types.ts";

const volumeBindingAnnotations = ["pv.kubernetes.io/bind-completed", "pv.kubernetes.io/bound-by-controller"];

export interface VolumeDecisionOptions {
  restorePVs: boolean;
  /** "ns/claim" (source namespace) of claims whose data comes back by file-system restore */
  fsRestoredClaims: ReadonlySet<string>;
}

/** "ns/name" of the claim a PV is bound to in the backup, if any. */
export function claimOf(pv: KubeObject): string | undefined {
  const ref = at(pv, "spec", "claimRef");
  const namespace = str(ref, "namespace");
  const name = str(ref, "name");
  return namespace && name ? `${namespace}/${name}` : undefined;
}

/** Why this PV is not restored (its claim gets a new volume), or undefined to restore it. */
export function volumeSkipReason(pv: KubeObject, options: VolumeDecisionOptions): string | undefined {
  if (!options.restorePVs) return "restorePVs is false: its claim is provisioned a new volume";
  const claim = claimOf(pv);
  if (claim && options.fsRestoredClaims.has(claim))
    return `its data comes back by file-system restore into a new volume for claim ${claim}`;
  if (str(child(pv, "spec"), "persistentVolumeReclaimPolicy") === "Delete")
    return "reclaim policy Delete and no snapshot: its claim is provisioned a new volume";
  return undefined;
}

export interface VolumeActionOptions {
  namespaceMapping: Readonly<Record<string, string>>;
}

export function persistentVolumeAction(input: KubeObject, options: VolumeActionOptions): ActionResult {
  const pv = clone(input);
  const ref = at(pv, "spec", "claimRef");
  if (ref) {
    delete ref.uid;
    delete ref.resourceVersion;
    const namespace = str(ref, "namespace");
    const mapped = namespace === undefined ? undefined : options.namespaceMapping[namespace];
    if (mapped) ref.namespace = mapped;
  }
  const annotations = stringMap(pv, "annotations");
  for (const key of volumeBindingAnnotations) delete annotations[key];
  setStringMap(pv, "annotations", annotations);
  return keep(pv);
}
