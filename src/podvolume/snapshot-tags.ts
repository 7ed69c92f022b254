/**
 * The tags of a volume snapshot ("key=value" strings, as restic stores tags) and how they find
 * the parent of the next backup of the same volume. The parent is the newest snapshot in the
 * namespace's repository with the same `pvc-uid` (a claim keeps its UID when its pod is
 * rescheduled, replaced or renamed, so the chain continues); an emptyDir, which lives and dies
 * with its pod, is matched by `pod-uid` and `volume`. Only completed backups leave a snapshot,
 * so "newest snapshot" is "last completed backup". With stock restic the same lookup is
 * `restic snapshots --tag pvc-uid=<uid>`.
 */
import type { Repository } from "../repo/repository.ts";
import { listSnapshots, type SnapshotRef } from "../repo/snapshots.ts";

export interface VolumeIdentity {
  backup: string;
  backupUid: string;
  namespace: string;
  pod: string;
  podUid: string;
  volume: string;
  /** The claim's UID, for a volume backed by a PVC. */
  pvcUid?: string;
}

/** The order tags are written in; any others follow, sorted. */
const tagOrder = ["backup", "backup-uid", "ns", "pod", "pod-uid", "volume", "pvc-uid"];

export function snapshotTags(identity: VolumeIdentity, extra: Record<string, string> = {}): string[] {
  const tags: Record<string, string> = {
    ...extra,
    backup: identity.backup,
    "backup-uid": identity.backupUid,
    ns: identity.namespace,
    pod: identity.pod,
    "pod-uid": identity.podUid,
    volume: identity.volume,
    ...(identity.pvcUid ? { "pvc-uid": identity.pvcUid } : {}),
  };
  const rank = (key: string): number => {
    const i = tagOrder.indexOf(key);
    return i < 0 ? tagOrder.length : i;
  };
  return Object.keys(tags)
    .filter((key) => tags[key] !== "")
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => `${key}=${tags[key]}`);
}

/** The tags a parent must carry: the claim's UID, or the pod's UID and the volume for an emptyDir. */
export function parentTags(identity: VolumeIdentity): string[] {
  return identity.pvcUid ? [`pvc-uid=${identity.pvcUid}`] : [`pod-uid=${identity.podUid}`, `volume=${identity.volume}`];
}

/** Reads "k=v" tags back into a map (tags without "=" are ignored). */
export function parseTags(tags: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags ?? []) {
    const eq = tag.indexOf("=");
    if (eq > 0) out[tag.slice(0, eq)] = tag.slice(eq + 1);
  }
  return out;
}

/** The newest snapshot carrying every one of `required`, or undefined. */
export async function findParentSnapshot(
  repo: Repository,
  required: readonly string[],
): Promise<SnapshotRef | undefined> {
  const matching = (await listSnapshots(repo)).filter((ref) => {
    const tags = new Set(ref.snapshot.tags ?? []);
    return required.every((t) => tags.has(t));
  });
  return matching.at(-1);
}
