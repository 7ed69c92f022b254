/**
 * Only one BackupStorageLocation may be the default (where backups without storageLocation go).
 * After one is made default, this clears the flag on every other one, as Velero's CLI does; the
 * new default is written first so there is never a moment without one.
 */
import type { BackupStorageLocation } from "../../api/backup-storage-location.ts";
import type { ResourceClient } from "../../kube/resource-client.ts";

/** Unsets `default` on every location but `keep`; returns the names changed. */
export async function clearOtherDefaults(
  client: ResourceClient<BackupStorageLocation>,
  keep: string,
): Promise<string[]> {
  const changed: string[] = [];
  for (const location of await client.list()) {
    const name = location.metadata.name ?? "";
    if (name === keep || location.spec.default !== true) continue;
    await client.patch(name, { spec: { default: false } });
    changed.push(name);
  }
  return changed;
}
