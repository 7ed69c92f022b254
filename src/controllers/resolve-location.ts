/**
 * Which BackupStorageLocation a Backup or Restore uses, and whether it can be used for what the
 * run needs: the named one or the default one; it must exist, be Available (validated now if it
 * has never been), and be ReadWrite when the run writes. Returns the location and its store, or a
 * problem sentence for `validationErrors`.
 */
import type { BackupStorageLocation } from "../api/backup-storage-location.ts";
import { backupStorageLocationDefinition } from "../api/backup-storage-location.ts";
import { lifeboatClient } from "../kube/resource-client.ts";
import type { BackupStore } from "../storage/backup-store.ts";
import type { ControllerContext } from "./context.ts";
import { getOrUndefined } from "./not-found.ts";

export type LocationResolution =
  { ok: true; location: BackupStorageLocation; store: BackupStore } | { ok: false; problem: string };

export async function resolveLocation(
  ctx: ControllerContext,
  name: string | undefined,
  purpose: "write" | "read",
): Promise<LocationResolution> {
  const client = lifeboatClient(ctx.rest, backupStorageLocationDefinition, ctx.namespace);
  let location: BackupStorageLocation | undefined;
  if (name) {
    location = await getOrUndefined(client, name);
    if (!location) {
      return {
        ok: false,
        problem: `backup storage location "${name}" does not exist in namespace ${ctx.namespace} (lifeboat backup-location get lists them)`,
      };
    }
  } else {
    const defaults = (await client.list()).filter((l) => l.spec.default === true);
    if (defaults.length === 0) {
      return {
        ok: false,
        problem:
          "no storage location given and no default backup storage location exists: " +
          "pass --storage-location NAME, or mark one with lifeboat backup-location set NAME --default",
      };
    }
    location = defaults[0];
  }
  if (!location) return { ok: false, problem: "no backup storage location" };
  const where = `backup storage location "${location.metadata.name}"`;
  if (purpose === "write" && location.spec.accessMode === "ReadOnly") {
    return { ok: false, problem: `${where} is ReadOnly: backups cannot be written to it` };
  }
  if (location.status?.phase === "Unavailable") {
    return { ok: false, problem: `${where} is Unavailable: ${location.status.message ?? "no message"}` };
  }
  let store: BackupStore;
  try {
    store = await ctx.locations.storeFor(location);
  } catch (err) {
    return { ok: false, problem: (err as Error).message };
  }
  if (location.status?.phase !== "Available") {
    const check = await store.validate();
    if (check.phase === "Unavailable") return { ok: false, problem: `${where} is Unavailable: ${check.message}` };
  }
  return { ok: true, location, store };
}
