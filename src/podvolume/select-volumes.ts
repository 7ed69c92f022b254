/**
 * Which volumes of a pod get a file-system backup (Velero's rules, with its gaps closed):
 *
 * - opt-in (the default): the volumes named in the pod annotation
 *   `backup.lifeboat.dev/backup-volumes=v1,v2` or Velero's `backup.velero.io/backup-volumes`
 *   (both are read; the union counts);
 * - opt-out (the Backup's `defaultVolumesToFsBackup`): every volume except those named in
 *   `backup.lifeboat.dev/backup-volumes-excludes` / `backup.velero.io/backup-volumes-excludes`;
 * - in both modes never hostPath (not the pod's data, and not under the pod's folder), secret,
 *   configMap, projected (this covers the `kube-api-access-*` token), downwardAPI or image
 *   volumes (all of them are rebuilt from the API or a registry), nor a claim whose volume is a
 *   hostPath PV;
 * - a PVC mounted by several pods is backed up once: `ClaimRegistry` remembers who took it;
 * - a pod that is not Running on a node cannot be read: it is reported (`unavailable`), never
 *   silently skipped.
 *
 * Every volume left out says why, so the backup log can name it. Pure functions.
 */
import type { V1Pod, V1Volume } from "@kubernetes/client-node";
import { annotations } from "../api/group.ts";

export interface SelectedVolume {
  /** The volume's name in the pod spec. */
  name: string;
  /** The claim behind the volume (a persistentVolumeClaim, or the PVC of an ephemeral volume). */
  claimName?: string;
}

export interface SkippedVolume {
  name: string;
  reason: string;
}

export interface VolumeSelection {
  volumes: SelectedVolume[];
  skipped: SkippedVolume[];
  /** Set when the pod's volumes cannot be read now (not Running, not on a node): why. */
  unavailable?: string;
}

export interface SelectOptions {
  /** The Backup's defaultVolumesToFsBackup: back up every volume unless excluded. */
  defaultVolumesToFsBackup: boolean;
  /** True for a claim whose PersistentVolume is a hostPath volume (never backed up). */
  isHostPathClaim?: (claimName: string) => boolean;
}

/** "a, b,,c " → ["a", "b", "c"] */
export function parseVolumeList(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

function annotated(pod: V1Pod, keys: readonly string[]): Set<string> {
  const found = new Set<string>();
  for (const key of keys) for (const name of parseVolumeList(pod.metadata?.annotations?.[key])) found.add(name);
  return found;
}

/** The volumes named in the opt-in annotations (both spellings). */
export function optInVolumes(pod: V1Pod): Set<string> {
  return annotated(pod, [annotations.backupVolumes, annotations.veleroBackupVolumes]);
}

/** The volumes named in the opt-out exclusion annotations (both spellings). */
export function optOutExclusions(pod: V1Pod): Set<string> {
  return annotated(pod, [annotations.backupVolumesExcludes, annotations.veleroBackupVolumesExcludes]);
}

/** Why a volume of this kind is never backed up, or undefined when it can be. */
export function neverBackedUp(volume: V1Volume): string | undefined {
  if (volume.hostPath) return "hostPath volumes are not backed up (the data is the node's, not the pod's)";
  if (volume.secret) return "secret volumes are not backed up (the Secret itself is in the backup)";
  if (volume.configMap) return "configMap volumes are not backed up (the ConfigMap itself is in the backup)";
  if (volume.projected) return "projected volumes (service account tokens among them) are not backed up";
  if (volume.downwardAPI) return "downwardAPI volumes are not backed up (they are rebuilt from the pod)";
  if (volume.image) return "image volumes are not backed up (they come from a registry)";
  return undefined;
}

/** The claim behind a volume: its persistentVolumeClaim, or `<pod>-<volume>` for an ephemeral volume. */
export function claimOf(pod: V1Pod, volume: V1Volume): string | undefined {
  if (volume.persistentVolumeClaim) return volume.persistentVolumeClaim.claimName;
  if (volume.ephemeral) return `${pod.metadata?.name ?? ""}-${volume.name}`;
  return undefined;
}

/** Why the pod's volumes cannot be read now, or undefined when they can. */
export function podUnavailable(pod: V1Pod): string | undefined {
  const phase = pod.status?.phase ?? "Unknown";
  if (!pod.spec?.nodeName) return `pod is not scheduled to a node (phase ${phase})`;
  if (phase !== "Running") return `pod is ${phase}, not Running: its volumes can be read only while it runs`;
  return undefined;
}

function candidates(pod: V1Pod, options: SelectOptions, skipped: SkippedVolume[]): V1Volume[] {
  const volumes = pod.spec?.volumes ?? [];
  if (options.defaultVolumesToFsBackup) {
    const excluded = optOutExclusions(pod);
    return volumes.filter((v) => {
      if (!excluded.has(v.name)) return true;
      skipped.push({ name: v.name, reason: "excluded by the backup-volumes-excludes annotation" });
      return false;
    });
  }
  const wanted = optInVolumes(pod);
  const byName = new Map(volumes.map((v) => [v.name, v]));
  for (const name of wanted) {
    if (!byName.has(name)) {
      skipped.push({ name, reason: "named in the backup-volumes annotation, but the pod has no such volume" });
    }
  }
  return volumes.filter((v) => wanted.has(v.name));
}

export function selectVolumes(pod: V1Pod, options: SelectOptions): VolumeSelection {
  const skipped: SkippedVolume[] = [];
  const volumes: SelectedVolume[] = [];
  for (const volume of candidates(pod, options, skipped)) {
    const never = neverBackedUp(volume);
    if (never) {
      skipped.push({ name: volume.name, reason: never });
      continue;
    }
    const claimName = claimOf(pod, volume);
    if (claimName && options.isHostPathClaim?.(claimName)) {
      skipped.push({
        name: volume.name,
        reason: `claim ${claimName} is bound to a hostPath volume, which is not backed up`,
      });
      continue;
    }
    volumes.push({ name: volume.name, ...(claimName ? { claimName } : {}) });
  }
  const unavailable = volumes.length > 0 ? podUnavailable(pod) : undefined;
  return { volumes, skipped, ...(unavailable ? { unavailable } : {}) };
}

/**
 * Remembers which pod's backup took each claim, so a claim mounted by several pods (ReadWriteMany,
 * or a pod replaced while the backup ran) is backed up once: the first pod to ask gets it.
 */
export class ClaimRegistry {
  readonly #owners = new Map<string, string>();

  /** undefined: `pod` now owns the claim; otherwise the pod that already does. */
  take(namespace: string, claimName: string, pod: string): string | undefined {
    const key = `${namespace}/${claimName}`;
    const owner = this.#owners.get(key);
    if (owner !== undefined && owner !== pod) return owner;
    this.#owners.set(key, pod);
    return undefined;
  }
}

/** Applies the registry to a pod's selection: claims already taken move to `skipped`. */
export function dedupeClaims(pod: V1Pod, selection: VolumeSelection, registry: ClaimRegistry): VolumeSelection {
  // a pod whose volumes cannot be read takes no claim: another pod mounting it may back it up
  if (selection.unavailable) return selection;
  const namespace = pod.metadata?.namespace ?? "";
  const name = pod.metadata?.name ?? "";
  const volumes: SelectedVolume[] = [];
  const skipped = [...selection.skipped];
  for (const volume of selection.volumes) {
    const owner = volume.claimName ? registry.take(namespace, volume.claimName, name) : undefined;
    if (owner === undefined) volumes.push(volume);
    else
      skipped.push({ name: volume.name, reason: `claim ${volume.claimName} is already backed up from pod ${owner}` });
  }
  return { ...selection, volumes, skipped };
}
