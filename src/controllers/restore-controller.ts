/**
 * Runs Restores. Phase guard: only a Restore in phase New (or without a status) is picked up.
 *
 *   New → (validation: the backup exists and finished, its location is readable)
 *       → FailedValidation | InProgress → engine (src/restore) streaming the tarball from the
 *       bucket → log and results uploaded → Completed | PartiallyFailed | Failed
 *
 * On start, restores a dead server left InProgress become Failed (objects it created stay;
 * running the restore again with existingResourcePolicy none skips them).
 */
import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import type { Backup } from "../api/backup.ts";
import { backupDefinition } from "../api/backup.ts";
import { labels } from "../api/group.ts";
import type { Restore, RestoreStatus } from "../api/restore.ts";
import { restoreDefinition } from "../api/restore.ts";
import { validateRestoreSpec } from "../api/validation.ts";
import { lifeboatClient, type ResourceClient } from "../kube/resource-client.ts";
import { runFiltersOf } from "../filters/run-filters.ts";
import type { ReconcileResult } from "../kube/workqueue.ts";
import type { PodVolumeBackup } from "../api/pod-volume-backup.ts";
import { PodVolumeRestores } from "../restore/pod-volume-restores.ts";
import { runRestore } from "../restore/restore.ts";
import type { RestoreRequest, RestoredItem } from "../restore/types.ts";
import { StorageError } from "../storage/errors.ts";
import type { BackupStore } from "../storage/backup-store.ts";
import type { ResultsCollector } from "../util/results.ts";
import type { RunLog } from "../util/run-log.ts";
import { isoNow, type ControllerContext } from "./context.ts";
import { nameOf } from "./controller.ts";
import { getOrUndefined } from "./not-found.ts";
import { resolveLocation } from "./resolve-location.ts";
import { openRunWorkspace } from "./run-workspace.ts";

/** Objects created at once within a resource: measured 433/s at 16 and 693/s at 64 on the test API server. */
const restoreConcurrency = 64;

const restorableBackupPhases: ReadonlySet<string> = new Set(["Completed", "PartiallyFailed"]);

export function restoreRequestOf(restore: Restore, backupName: string): RestoreRequest {
  const spec = restore.spec;
  return {
    name: restore.metadata.name ?? "",
    uid: restore.metadata.uid ?? "",
    backupName,
    ...runFiltersOf(spec),
    namespaceMapping: spec.namespaceMapping ?? {},
    ...(spec.restorePVs === undefined ? {} : { restorePVs: spec.restorePVs }),
    existingResourcePolicy: spec.existingResourcePolicy ?? "none",
    ...(spec.restoreStatus
      ? {
          restoreStatus: {
            includedResources: spec.restoreStatus.includedResources ?? [],
            excludedResources: spec.restoreStatus.excludedResources ?? [],
          },
        }
      : {}),
    ...(spec.preserveNodePorts === undefined ? {} : { preserveNodePorts: spec.preserveNodePorts }),
  };
}

/** The backup's PodVolumeBackups (none for a backup without pod volumes, or one made before they existed). */
async function podVolumeBackupsOf(store: BackupStore, backup: string): Promise<PodVolumeBackup[]> {
  try {
    return (await store.getBackupJson(backup, "podVolumeBackups")) as PodVolumeBackup[];
  } catch (err) {
    if (StorageError.is(err, "NotFound")) return [];
    throw err;
  }
}

/** "namespace/name" of every pod the restore created, from its item list. */
function createdPods(itemsFile: string): Set<string> {
  const pods = new Set<string>();
  for (const line of readFileSync(itemsFile, "utf8").split("\n")) {
    if (!line.includes('"pods"')) continue;
    const item = JSON.parse(line) as RestoredItem;
    if (item.groupResource === "pods" && item.action === "created") pods.add(`${item.namespace ?? ""}/${item.name}`);
  }
  return pods;
}

type Source = { ok: true; backup: Backup; store: BackupStore } | { ok: false; problem: string };

export class RestoreController {
  readonly #ctx: ControllerContext;
  readonly #client: ResourceClient<Restore>;
  readonly #backups: ResourceClient<Backup>;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
    this.#client = lifeboatClient(ctx.rest, restoreDefinition, ctx.namespace);
    this.#backups = lifeboatClient(ctx.rest, backupDefinition, ctx.namespace);
  }

  static wants(restore: Restore): boolean {
    return (restore.status?.phase ?? "New") === "New";
  }

  async reconcile(key: string, signal: AbortSignal): Promise<ReconcileResult> {
    const restore = await getOrUndefined(this.#client, nameOf(key));
    if (!restore) return;
    if (!RestoreController.wants(restore)) return;
    const problems = validateRestoreSpec(restore.spec);
    const source = await this.#source(restore);
    if (!source.ok) problems.push(source.problem);
    if (problems.length > 0 || !source.ok) {
      await this.#client.patchStatus(restore.metadata.name ?? "", {
        phase: "FailedValidation",
        validationErrors: problems,
        completionTimestamp: isoNow(this.#ctx),
      });
      return;
    }
    await this.#run(restore, source, signal);
  }

  async #source(restore: Restore): Promise<Source> {
    const backup = await this.#backupOf(restore);
    if (typeof backup === "string") return { ok: false, problem: backup };
    const phase = backup.status?.phase ?? "New";
    if (!restorableBackupPhases.has(phase)) {
      return {
        ok: false,
        problem: `backup "${backup.metadata.name}" is ${phase}; only Completed or PartiallyFailed backups can be restored`,
      };
    }
    const resolved = await resolveLocation(this.#ctx, backup.spec.storageLocation, "read");
    if (!resolved.ok) return { ok: false, problem: resolved.problem };
    if (!(await resolved.store.hasBackup(backup.metadata.name ?? ""))) {
      return {
        ok: false,
        problem: `backup "${backup.metadata.name}" is not in ${resolved.store.description} (deleted from the bucket?)`,
      };
    }
    return { ok: true, backup, store: resolved.store };
  }

  async #backupOf(restore: Restore): Promise<Backup | string> {
    const { backupName, scheduleName } = restore.spec;
    if (backupName) {
      return (
        (await getOrUndefined(this.#backups, backupName)) ??
        `backup "${backupName}" does not exist in namespace ${this.#ctx.namespace} (lifeboat backup get lists them)`
      );
    }
    const candidates = (await this.#backups.list({ labelSelector: `${labels.scheduleName}=${scheduleName}` }))
      .filter((b) => b.status?.phase === "Completed")
      .sort((a, b) => (b.status?.startTimestamp ?? "").localeCompare(a.status?.startTimestamp ?? ""));
    return candidates[0] ?? `schedule "${scheduleName}" has no Completed backup to restore`;
  }

  async #run(restore: Restore, source: { backup: Backup; store: BackupStore }, signal: AbortSignal): Promise<void> {
    const name = restore.metadata.name ?? "";
    const backupName = source.backup.metadata.name ?? "";
    const started = this.#ctx.clock.now();
    let status: RestoreStatus = { phase: "InProgress", startTimestamp: isoNow(this.#ctx) };
    await this.#client.replaceStatus({ ...restore, status });
    await this.#client.patch(name, { metadata: { labels: { [labels.backupName]: backupName } } });
    this.#ctx.log.info({ restore: name, backup: backupName }, "restore started");
    const { workDir, results, runLog, progress } = await openRunWorkspace<RestoreStatus["progress"]>(
      this.#ctx,
      { kind: "restore", name },
      (p) => this.#client.patchStatus(name, { progress: p }),
    );
    try {
      const podVolumes = new PodVolumeRestores(
        {
          rest: this.#ctx.rest,
          namespace: this.#ctx.namespace,
          clock: this.#ctx.clock,
          log: runLog,
          timeoutMs: this.#ctx.podVolumes.timeoutMs,
          stallMs: this.#ctx.podVolumes.stallMs,
          restoreHelperImage: this.#ctx.podVolumes.restoreHelperImage,
          signal,
          onProgress: (counts) =>
            void this.#client.patchStatus(name, { podVolumeRestores: counts }).catch(() => undefined),
        },
        await podVolumeBackupsOf(source.store, backupName),
      );
      const request = restoreRequestOf(restore, backupName);
      if (!podVolumes.isEmpty) {
        request.fsRestoredClaims = podVolumes.claims();
        request.podMutator = podVolumes.podMutator(restore.metadata.uid ?? "");
      }
      const outcome = await runRestore(request, {
        rest: this.#ctx.rest,
        workDir,
        log: runLog,
        results,
        tarball: await source.store.getBackupContents(backupName),
        concurrency: restoreConcurrency,
        signal,
        onProgress: (p) => progress.push(p),
      });
      await progress.flush();
      if (!podVolumes.isEmpty) {
        await this.#client.patchStatus(name, { phase: "WaitingForPodVolumes" });
        const mapping = request.namespaceMapping;
        status.podVolumeRestores = await podVolumes.run(
          restore,
          (ns) => mapping[ns] ?? ns,
          createdPods(outcome.itemsFile),
        );
      }
      const errors = results.errorCount;
      status = {
        ...status,
        phase: errors > 0 ? "PartiallyFailed" : "Completed",
        progress: { totalItems: outcome.totalItems, itemsRestored: outcome.itemsRestored },
        errors,
        warnings: results.warningCount,
      };
      runLog.info("restore finished", {
        phase: status.phase,
        items: outcome.itemsRestored,
        seconds: (this.#ctx.clock.now() - started) / 1000,
      });
    } catch (err) {
      await progress.flush();
      const reason = (err as Error).message;
      runLog.error("restore failed", { err: reason });
      status = {
        ...status,
        phase: "Failed",
        failureReason: reason,
        errors: results.errorCount,
        warnings: results.warningCount,
      };
    }
    status.completionTimestamp = isoNow(this.#ctx);
    await this.#upload(source.store, name, runLog, results);
    await rm(workDir, { recursive: true, force: true });
    await this.#client.patchStatus(name, status);
    this.#ctx.log.info({ restore: name, phase: status.phase }, "restore ended");
  }

  async #upload(store: BackupStore, name: string, runLog: RunLog, results: ResultsCollector): Promise<void> {
    runLog.close();
    try {
      await store.putRestoreLog(name, runLog.text());
      await store.putRestoreResults(name, results.snapshot());
    } catch (err) {
      this.#ctx.log.error({ restore: name, err: (err as Error).message }, "uploading the restore log failed");
    } finally {
      runLog.dispose();
    }
  }

  /** Restores a dead server left running become Failed. */
  async recoverInterrupted(): Promise<void> {
    for (const restore of await this.#client.list()) {
      const phase = restore.status?.phase ?? "New";
      if (phase !== "InProgress" && phase !== "WaitingForPodVolumes" && phase !== "Finalizing") continue;
      await this.#client.patchStatus(restore.metadata.name ?? "", {
        phase: "Failed",
        failureReason:
          "the Lifeboat server stopped while this restore was in progress; objects created so far remain. Create the restore again (existing objects are skipped).",
        completionTimestamp: isoNow(this.#ctx),
      });
    }
  }
}
