/**
 * Runs Backups. Phase guard: only a Backup in phase New (or without a status) is picked up.
 *
 *   New → (validation) → FailedValidation with validationErrors
 *       → InProgress → engine (src/backup) → upload through BackupStore (metadata last = commit)
 *       → Completed | PartiallyFailed (item errors) | Failed (failureReason)
 *
 * The uploaded metadata already carries the final status, so what backup sync finds in the bucket
 * is the truth even if the status patch after the upload is lost. On start (`recoverInterrupted`)
 * a backup left InProgress by a dead server becomes Failed, and whatever it uploaded is removed —
 * unless its metadata made it to the bucket, in which case it did commit and its status is taken
 * from there.
 */
import { createReadStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import type { Backup, BackupStatus } from "../api/backup.ts";
import type { BackupStorageLocation } from "../api/backup-storage-location.ts";
import { PodVolumeBackups, type PodVolumeBackupOutcome } from "../backup/pod-volume-backups.ts";
import { backupDefinition } from "../api/backup.ts";
import { parseDuration } from "../api/duration.ts";
import { labels } from "../api/group.ts";
import { validateBackupSpec } from "../api/validation.ts";
import { runBackup, type BackupRequest } from "../backup/backup.ts";
import { kubeTime } from "../kube/clock.ts";
import { lifeboatClient, type ResourceClient } from "../kube/resource-client.ts";
import { runFiltersOf } from "../filters/run-filters.ts";
import type { ReconcileResult } from "../kube/workqueue.ts";
import type { BackupStore } from "../storage/backup-store.ts";
import type { RunLog } from "../util/run-log.ts";
import { isoNow, type ControllerContext } from "./context.ts";
import { nameOf } from "./controller.ts";
import { getOrUndefined } from "./not-found.ts";
import { resolveLocation } from "./resolve-location.ts";
import { openRunWorkspace } from "./run-workspace.ts";

export const backupFormatVersion = "1.1.0";
const defaultTtlMs = 30 * 24 * 3600_000;
const runningPhases: ReadonlySet<string> = new Set(["InProgress", "WaitingForPodVolumes", "Finalizing"]);

export function backupRequestOf(backup: Backup): BackupRequest {
  const spec = backup.spec;
  return {
    name: backup.metadata.name ?? "",
    uid: backup.metadata.uid ?? "",
    ...runFiltersOf(spec),
    ...(spec.orderedResources ? { orderedResources: spec.orderedResources } : {}),
  };
}

/** What goes into the bucket: the object as a new cluster should recreate it. */
function storedObject(backup: Backup, status: BackupStatus): Backup {
  const metadata = { ...backup.metadata };
  delete metadata.resourceVersion;
  delete metadata.managedFields;
  delete metadata.generation;
  return { ...backup, metadata, status };
}

export class BackupController {
  readonly #ctx: ControllerContext;
  readonly #client: ResourceClient<Backup>;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
    this.#client = lifeboatClient(ctx.rest, backupDefinition, ctx.namespace);
  }

  get client(): ResourceClient<Backup> {
    return this.#client;
  }

  static wants(backup: Backup): boolean {
    return (backup.status?.phase ?? "New") === "New";
  }

  async reconcile(key: string, signal: AbortSignal): Promise<ReconcileResult> {
    let backup = await getOrUndefined(this.#client, nameOf(key));
    if (!backup || !BackupController.wants(backup)) return;
    const log = this.#ctx.log;
    const problems = validateBackupSpec(backup.spec);
    const ttlMs = this.#ttl(backup, problems);
    const resolved = await resolveLocation(this.#ctx, backup.spec.storageLocation, "write");
    if (!resolved.ok) problems.push(resolved.problem);
    if (problems.length > 0 || !resolved.ok) {
      log.info({ backup: backup.metadata.name, problems }, "backup failed validation");
      await this.#client.patchStatus(backup.metadata.name ?? "", {
        phase: "FailedValidation",
        validationErrors: problems,
        completionTimestamp: isoNow(this.#ctx),
      });
      return;
    }
    const locationName = resolved.location.metadata.name ?? "";
    if (backup.spec.storageLocation !== locationName) {
      backup = await this.#client.patch(backup.metadata.name ?? "", {
        spec: { storageLocation: locationName },
        metadata: { labels: { [labels.storageLocation]: locationName } },
      });
    }
    await this.#run(backup, resolved.location, resolved.store, ttlMs, signal);
  }

  #ttl(backup: Backup, problems: string[]): number {
    if (!backup.spec.ttl) return defaultTtlMs;
    try {
      return parseDuration(backup.spec.ttl);
    } catch (err) {
      problems.push(`spec.ttl: ${(err as Error).message}`);
      return defaultTtlMs;
    }
  }

  async #podVolumes(
    backup: Backup,
    location: BackupStorageLocation,
    pods: Array<{ namespace: string; name: string }>,
    run: { log: RunLog; itemProgress: { totalItems: number; itemsBackedUp: number }; signal: AbortSignal },
  ): Promise<PodVolumeBackupOutcome & { totalBytes: number; bytesDone: number }> {
    const name = backup.metadata.name ?? "";
    const step = new PodVolumeBackups({
      rest: this.#ctx.rest,
      namespace: this.#ctx.namespace,
      repositories: this.#ctx.repositories,
      clock: this.#ctx.clock,
      log: run.log,
      timeoutMs: this.#ctx.podVolumes.timeoutMs,
      stallMs: this.#ctx.podVolumes.stallMs,
      signal: run.signal,
      onProgress: (p) =>
        void this.#client
          .patchStatus(name, {
            progress: { ...run.itemProgress, totalBytes: p.totalBytes, bytesDone: p.bytesDone },
            podVolumeBackups: { attempted: p.attempted, completed: p.completed, failed: p.failed },
          })
          .catch(() => undefined),
    });
    const planned = await step.plan(pods, backup.spec.defaultVolumesToFsBackup === true);
    if (planned.length === 0) {
      return { attempted: 0, completed: 0, failed: 0, podVolumeBackups: [], totalBytes: 0, bytesDone: 0 };
    }
    await this.#client.patchStatus(name, { phase: "WaitingForPodVolumes", progress: run.itemProgress });
    const outcome = await step.run(backup, location, planned);
    let totalBytes = 0;
    let bytesDone = 0;
    for (const pvb of outcome.podVolumeBackups) {
      totalBytes += pvb.status?.progress?.totalBytes ?? 0;
      bytesDone += pvb.status?.progress?.bytesDone ?? 0;
    }
    await this.#client.patchStatus(name, { phase: "Finalizing" });
    return { ...outcome, totalBytes, bytesDone };
  }

  async #run(
    backup: Backup,
    location: BackupStorageLocation,
    store: BackupStore,
    ttlMs: number,
    signal: AbortSignal,
  ): Promise<void> {
    const name = backup.metadata.name ?? "";
    const started = this.#ctx.clock.now();
    let status: BackupStatus = {
      phase: "InProgress",
      formatVersion: backupFormatVersion,
      startTimestamp: isoNow(this.#ctx),
      expiration: kubeTime(started + ttlMs),
      progress: { totalItems: 0, itemsBackedUp: 0 },
    };
    // Conflict here means another actor moved the backup on; the queue retries and the guard decides.
    await this.#client.replaceStatus({ ...backup, status });
    this.#ctx.log.info({ backup: name }, "backup started");
    const { workDir, results, runLog, progress } = await openRunWorkspace<BackupStatus["progress"]>(
      this.#ctx,
      { kind: "backup", name },
      (p) => this.#client.patchStatus(name, { progress: p }),
    );
    try {
      const outcome = await runBackup(backupRequestOf(backup), {
        rest: this.#ctx.rest,
        workDir,
        log: runLog,
        results,
        signal,
        onProgress: (p) => progress.push(p),
      });
      await progress.flush();
      const itemProgress = { totalItems: outcome.totalItems, itemsBackedUp: outcome.itemsBackedUp };
      const volumes = await this.#podVolumes(backup, location, outcome.pods, { log: runLog, itemProgress, signal });
      const errors = results.errorCount;
      status = {
        ...status,
        phase: errors > 0 ? "PartiallyFailed" : "Completed",
        progress: { ...itemProgress, totalBytes: volumes.totalBytes, bytesDone: volumes.bytesDone },
        podVolumeBackups: { attempted: volumes.attempted, completed: volumes.completed, failed: volumes.failed },
        errors,
        warnings: results.warningCount,
        tarballBytes: outcome.tarballBytes,
        completionTimestamp: isoNow(this.#ctx),
      };
      runLog.info("backup finished", {
        phase: status.phase,
        items: outcome.itemsBackedUp,
        tarballBytes: outcome.tarballBytes,
        seconds: (this.#ctx.clock.now() - started) / 1000,
      });
      runLog.close();
      await store.putBackup(name, {
        metadata: storedObject(backup, status),
        contents: createReadStream(outcome.tarballPath),
        contentsLength: (await stat(outcome.tarballPath)).size,
        log: runLog.text(),
        results: results.snapshot(),
        resourceList: outcome.resourceList,
        podVolumeBackups: volumes.podVolumeBackups,
      });
    } catch (err) {
      await progress.flush();
      const reason = (err as Error).message;
      runLog.error("backup failed", { err: reason });
      await store.putFailedBackupLog(name, runLog.text()).catch((uploadErr: unknown) => {
        this.#ctx.log.warn(
          { backup: name, err: (uploadErr as Error).message },
          "could not upload the failed backup's log",
        );
      });
      status = {
        ...status,
        phase: "Failed",
        failureReason: reason,
        errors: results.errorCount,
        warnings: results.warningCount,
        completionTimestamp: isoNow(this.#ctx),
      };
    } finally {
      runLog.dispose();
      await rm(workDir, { recursive: true, force: true });
    }
    await this.#client.patchStatus(name, status);
    this.#ctx.log.info({ backup: name, phase: status.phase }, "backup ended");
  }

  /**
   * Backups a dead server left running. Called once when this server starts leading, before
   * the controllers run.
   */
  async recoverInterrupted(): Promise<void> {
    for (const backup of await this.#client.list()) {
      const phase = backup.status?.phase ?? "New";
      if (!runningPhases.has(phase)) continue;
      const name = backup.metadata.name ?? "";
      const resolved = await resolveLocation(this.#ctx, backup.spec.storageLocation, "read");
      if (resolved.ok && (await resolved.store.hasBackup(name))) {
        const stored = (await resolved.store.getBackupMetadata(name)) as Backup;
        if (stored.status) {
          await this.#client.patchStatus(name, stored.status);
          this.#ctx.log.info({ backup: name, phase: stored.status.phase }, "interrupted backup had committed");
          continue;
        }
      }
      if (resolved.ok) await resolved.store.removeLeftovers(name);
      await this.#client.patchStatus(name, {
        phase: "Failed",
        failureReason:
          "the Lifeboat server stopped while this backup was in progress; nothing of it was committed to the bucket. Create the backup again.",
        completionTimestamp: isoNow(this.#ctx),
      });
      this.#ctx.log.warn({ backup: name, phase }, "backup interrupted by a server restart marked Failed");
    }
  }
}
