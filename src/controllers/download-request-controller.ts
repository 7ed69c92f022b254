/**
 * Answers DownloadRequests (how `lifeboat backup logs|download|describe --details` and
 * `restore logs|describe` read files from the bucket without credentials): a presigned URL to
 * the file, valid 10 minutes, in `status.downloadURL`; or `status.message` saying why there is
 * none. Processed requests are deleted once their URL has expired.
 */
import type { Backup } from "../api/backup.ts";
import { backupDefinition } from "../api/backup.ts";
import type { DownloadRequest, DownloadTargetKind } from "../api/download-request.ts";
import { downloadRequestDefinition } from "../api/download-request.ts";
import { labels } from "../api/group.ts";
import type { Restore } from "../api/restore.ts";
import { restoreDefinition } from "../api/restore.ts";
import { KubeError } from "../kube/errors.ts";
import { lifeboatClient, type ResourceClient } from "../kube/resource-client.ts";
import type { ReconcileResult } from "../kube/workqueue.ts";
import type { BackupSidecar } from "../storage/layout.ts";
import { isoNow, type ControllerContext } from "./context.ts";
import { nameOf } from "./controller.ts";
import { deleteIfExists, getOrUndefined } from "./not-found.ts";
import { resolveLocation } from "./resolve-location.ts";

export const downloadUrlTtlSeconds = 600;

const backupParts: Partial<Record<DownloadTargetKind, BackupSidecar>> = {
  BackupLog: "log",
  BackupContents: "contents",
  BackupResourceList: "resourceList",
  BackupResults: "results",
  BackupPodVolumeBackups: "podVolumeBackups",
};

export class DownloadRequestController {
  readonly #ctx: ControllerContext;
  readonly #client: ResourceClient<DownloadRequest>;
  readonly #backups: ResourceClient<Backup>;
  readonly #restores: ResourceClient<Restore>;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
    this.#client = lifeboatClient(ctx.rest, downloadRequestDefinition, ctx.namespace);
    this.#backups = lifeboatClient(ctx.rest, backupDefinition, ctx.namespace);
    this.#restores = lifeboatClient(ctx.rest, restoreDefinition, ctx.namespace);
  }

  async reconcile(key: string): Promise<ReconcileResult> {
    const request = await getOrUndefined(this.#client, nameOf(key));
    if (!request) return;
    const name = request.metadata.name ?? "";
    if (request.status?.phase === "Processed") {
      const left = Date.parse(request.status.expiration ?? "") - this.#ctx.clock.now();
      if (!(left > 0)) {
        await deleteIfExists(this.#client, name);
        return;
      }
      return { requeueAfterMs: left + 1000 };
    }
    const answer = await this.#answer(request);
    const expiration = new Date(this.#ctx.clock.now() + downloadUrlTtlSeconds * 1000).toISOString();
    await this.#client.patchStatus(name, { phase: "Processed", expiration, ...answer });
    this.#ctx.log.debug({ request: name, target: request.spec.target, at: isoNow(this.#ctx) }, "download request");
    return { requeueAfterMs: downloadUrlTtlSeconds * 1000 + 1000 };
  }

  async #answer(request: DownloadRequest): Promise<{ downloadURL: string } | { message: string }> {
    const { kind, name } = request.spec.target;
    try {
      const part = backupParts[kind];
      if (part) {
        const backup = await this.#backups.get(name);
        const resolved = await resolveLocation(this.#ctx, backup.spec.storageLocation, "read");
        if (!resolved.ok) return { message: resolved.problem };
        return { downloadURL: await resolved.store.presignBackupFile(name, part, downloadUrlTtlSeconds) };
      }
      const restore = await this.#restores.get(name);
      const backupName = restore.spec.backupName ?? restore.metadata.labels?.[labels.backupName];
      if (!backupName) return { message: `restore "${name}" has not started yet` };
      const backup = await this.#backups.get(backupName);
      const resolved = await resolveLocation(this.#ctx, backup.spec.storageLocation, "read");
      if (!resolved.ok) return { message: resolved.problem };
      const restorePart = kind === "RestoreLog" ? "log" : "results";
      return { downloadURL: await resolved.store.presignRestoreFile(name, restorePart, downloadUrlTtlSeconds) };
    } catch (err) {
      if (KubeError.is(err, "NotFound")) return { message: `${kind} target "${name}": ${err.message}` };
      return { message: (err as Error).message };
    }
  }
}
