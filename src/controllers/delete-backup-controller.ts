/**
 * Processes DeleteBackupRequests (`lifeboat backup delete`). Refused, with the reason in
 * `status.errors`, while the backup runs or when its location is ReadOnly. Otherwise: the Backup
 * goes to phase Deleting; its bucket objects are removed (metadata first, so a half-deleted
 * backup is invisible to sync); the Restores made from it and their logs go too; then the Backup
 * itself. The request ends Processed, with any errors met.
 */
import type { Backup } from "../api/backup.ts";
import type { BackupStorageLocation } from "../api/backup-storage-location.ts";
import type { PodVolumeBackup } from "../api/pod-volume-backup.ts";
import { forget } from "../repo/forget.ts";
import { StorageError } from "../storage/errors.ts";
import { backupDefinition } from "../api/backup.ts";
import type { DeleteBackupRequest } from "../api/delete-backup-request.ts";
import { deleteBackupRequestDefinition } from "../api/delete-backup-request.ts";
import type { Restore } from "../api/restore.ts";
import { restoreDefinition } from "../api/restore.ts";
import { lifeboatClient, type ResourceClient } from "../kube/resource-client.ts";
import type { ReconcileResult } from "../kube/workqueue.ts";
import type { BackupStore } from "../storage/backup-store.ts";
import type { ControllerContext } from "./context.ts";
import { nameOf } from "./controller.ts";
import { deleteIfExists, getOrUndefined } from "./not-found.ts";
import { resolveLocation } from "./resolve-location.ts";

const busyPhases: ReadonlySet<string> = new Set(["New", "Queued", "InProgress", "WaitingForPodVolumes", "Finalizing"]);

export class DeleteBackupController {
  readonly #ctx: ControllerContext;
  readonly #client: ResourceClient<DeleteBackupRequest>;
  readonly #backups: ResourceClient<Backup>;
  readonly #restores: ResourceClient<Restore>;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
    this.#client = lifeboatClient(ctx.rest, deleteBackupRequestDefinition, ctx.namespace);
    this.#backups = lifeboatClient(ctx.rest, backupDefinition, ctx.namespace);
    this.#restores = lifeboatClient(ctx.rest, restoreDefinition, ctx.namespace);
  }

  static wants(request: DeleteBackupRequest): boolean {
    return request.status?.phase !== "Processed";
  }

  async reconcile(key: string): Promise<ReconcileResult> {
    const request = await getOrUndefined(this.#client, nameOf(key));
    if (!request) return;
    if (!DeleteBackupController.wants(request)) return;
    const name = request.metadata.name ?? "";
    const errors = await this.#delete(request.spec.backupName);
    await this.#client.patchStatus(name, { phase: "Processed", errors });
    this.#ctx.log.info({ request: name, backup: request.spec.backupName, errors }, "delete backup request processed");
  }

  async #delete(backupName: string): Promise<string[]> {
    const backup = await getOrUndefined(this.#backups, backupName);
    if (!backup) {
      return [`backup "${backupName}" does not exist in namespace ${this.#ctx.namespace}`];
    }
    const phase = backup.status?.phase ?? "New";
    if (busyPhases.has(phase)) {
      return [`backup "${backupName}" is ${phase}: wait until it has finished, then delete it`];
    }
    const resolved = await resolveLocation(this.#ctx, backup.spec.storageLocation, "write");
    if (!resolved.ok) return [`cannot delete backup "${backupName}": ${resolved.problem}`];
    await this.#backups.patchStatus(backupName, { phase: "Deleting" });
    const errors = await this.#forgetSnapshots(backupName, resolved.location, resolved.store);
    try {
      await resolved.store.deleteBackup(backupName);
    } catch (err) {
      await this.#backups.patchStatus(backupName, { phase });
      return [`removing backup "${backupName}" from ${resolved.store.description} failed: ${(err as Error).message}`];
    }
    errors.push(...(await this.#deleteRestores(backupName, resolved.store)));
    await deleteIfExists(this.#backups, backupName);
    return errors;
  }

  /**
   * The backup's pod volume snapshots are forgotten in their repositories (as `restic forget`);
   * the space comes back when the repository is pruned. Done before the bucket objects go, since
   * the list of snapshots is one of them.
   */
  async #forgetSnapshots(backupName: string, location: BackupStorageLocation, store: BackupStore): Promise<string[]> {
    let pvbs: PodVolumeBackup[];
    try {
      pvbs = (await store.getBackupJson(backupName, "podVolumeBackups")) as PodVolumeBackup[];
    } catch (err) {
      if (StorageError.is(err, "NotFound")) return [];
      return [`reading the pod volume backups of "${backupName}": ${(err as Error).message}`];
    }
    const byNamespace = new Map<string, string[]>();
    for (const pvb of pvbs) {
      const id = pvb.status?.snapshotID;
      if (id) byNamespace.set(pvb.spec.pod.namespace, [...(byNamespace.get(pvb.spec.pod.namespace) ?? []), id]);
    }
    const errors: string[] = [];
    for (const [namespace, ids] of byNamespace) {
      try {
        const { repository } = await this.#ctx.repositories.open({ location, volumeNamespace: namespace, write: true });
        const result = await forget(repository, { ids });
        for (const failed of result.failed)
          errors.push(`forgetting snapshot ${failed.id} in ${namespace}: ${failed.error}`);
        this.#ctx.log.info(
          { backup: backupName, namespace, forgotten: result.removed.length },
          "pod volume snapshots forgotten",
        );
      } catch (err) {
        errors.push(`forgetting the pod volume snapshots of namespace ${namespace}: ${(err as Error).message}`);
      }
    }
    return errors;
  }

  async #deleteRestores(backupName: string, store: BackupStore): Promise<string[]> {
    const errors: string[] = [];
    for (const restore of await this.#restores.list()) {
      if (restore.spec.backupName !== backupName) continue;
      const name = restore.metadata.name ?? "";
      try {
        await store.deleteRestoreFiles(name);
        await deleteIfExists(this.#restores, name);
      } catch (err) {
        errors.push(`restore "${name}": ${(err as Error).message}`);
      }
    }
    return errors;
  }
}
