/**
 * Resetting an item from the backup into something the API server accepts as new: the
 * metadata the server owns (uid, resourceVersion, generation, timestamps, managedFields,
 * ownerReferences: the owners are new objects with new uids) is removed, as is `status`
 * (kept aside when the restore brings status back through the status subresource), and the
 * restore's labels are added so everything a restore created can be found again.
 */
import { createHash } from "node:crypto";
import { labels as wellKnownLabels } from "../api/group.ts";
import { type KubeObject, metadata, stringMap, setStringMap } from "./object.ts";

export const backupNameLabel = wellKnownLabels.backupName;
export const restoreNameLabel = wellKnownLabels.restoreName;

/** Metadata fields the server sets; never sent on create (Velero's resetMetadata, plus managedFields). */
export const serverSetMetadata: readonly string[] = [
  "generateName",
  "selfLink",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "ownerReferences",
  "managedFields",
];

/** Removes the server-set metadata fields and `status`, in place; returns the object. */
export function resetMetadataAndStatus(obj: KubeObject): KubeObject {
  const meta = metadata(obj);
  for (const field of serverSetMetadata) delete meta[field];
  obj.metadata = meta;
  delete obj.status;
  return obj;
}

const maxLabelValue = 63;

/**
 * A label value for `name`: itself when it fits in 63 characters, else its first 57 characters
 * and 6 hex digits of its SHA-256, so that long names stay distinct and recognisable.
 */
export function labelValueFor(name: string): string {
  if (name.length <= maxLabelValue) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 6);
  return `${name.slice(0, maxLabelValue - 6)}${hash}`;
}

/** Adds lifeboat.dev/backup-name and lifeboat.dev/restore-name, in place. */
export function addRestoreLabels(obj: KubeObject, backupName: string, restoreName: string): KubeObject {
  const labels = stringMap(obj, "labels");
  labels[backupNameLabel] = labelValueFor(backupName);
  labels[restoreNameLabel] = labelValueFor(restoreName);
  setStringMap(obj, "labels", labels);
  return obj;
}

/** The labels without the restore's own two. */
export function withoutRestoreLabels(labels: Record<string, string>): Record<string, string> {
  const rest = { ...labels };
  delete rest[backupNameLabel];
  delete rest[restoreNameLabel];
  return rest;
}
