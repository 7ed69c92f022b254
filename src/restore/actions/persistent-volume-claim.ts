/**
 * PersistentVolumeClaim fix-ups (Velero's pvc action and resetVolumeBindingInfo): the binding
 * bookkeeping of the old cluster's PV controller and scheduler is removed (bind-completed,
 * bound-by-controller, the provisioner it was handed to, the node it was provisioned for),
 * so the claim is bound afresh. When its volume is not coming back as it was (the engine
 * decides: file-system restore, a Delete-policy volume, a volume not in the backup or not
 * restored), spec.volumeName is cleared too and the claim is provisioned a new volume.
 */
import { type KubeObject, child, clone, stringMap, setStringMap } from "../object.ts";
import { type ActionResult, keep } from "./types.ts";

export const claimBindingAnnotations: readonly string[] = [
  "pv.kubernetes.io/bind-completed",
  "pv.kubernetes.io/bound-by-controller",
  "volume.kubernetes.io/selected-node",
  "volume.kubernetes.io/storage-provisioner",
  "volume.beta.kubernetes.io/storage-provisioner",
];

export interface ClaimActionOptions {
  /** The claim's volume is there to bind to (restored, or already in the cluster for this claim). */
  keepVolumeName: boolean;
}

export function persistentVolumeClaimAction(input: KubeObject, options: ClaimActionOptions): ActionResult {
  const claim = clone(input);
  const annotations = stringMap(claim, "annotations");
  for (const key of claimBindingAnnotations) delete annotations[key];
  setStringMap(claim, "annotations", annotations);
  const spec = child(claim, "spec");
  if (spec && !options.keepVolumeName) delete spec.volumeName;
  return keep(claim);
}
