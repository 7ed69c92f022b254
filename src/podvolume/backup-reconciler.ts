/**
 * The node agent's PodVolumeBackup reconciler, for the PVBs whose spec.node is this node:
 *
 *   New ──(take a slot; find the pod's volume folder)──▶ InProgress {startTimestamp, path}
 *       ──(archiver into the namespace's repository, progress every 2 s)──▶ Completed
 *       {snapshotID, incrementalBytes, progress, completionTimestamp}   or Failed {message}
 *
 * `spec.cancel` stops a running backup (Canceled) or one not started. A PVB found InProgress that
 * this process is not running was left by an agent that died: it is marked Failed, and the
 * backup that made it sees that at once instead of waiting for a timeout. A backup that saved a
 * snapshot but could not read some files is Failed too (with the snapshot ID): the volume's data
 * is incomplete and the Backup must say so.
 */
import {
  podVolumeBackupDefinition,
  type PodVolumeBackup,
  type PodVolumeBackupStatus,
} from "../api/pod-volume-backup.ts";
import { labels } from "../api/group.ts";
import { lifeboatClient, type MergePatch, type ResourceClient } from "../kube/resource-client.ts";
import type { ReconcileResult } from "../kube/workqueue.ts";
import { nameOf } from "../controllers/controller.ts";
import { getOrUndefined } from "../controllers/not-found.ts";
import {
  getLocation,
  isoNow,
  ownerOf,
  startProgress,
  takeSlot,
  terminalPhases,
  writeFinalStatus,
  type AgentContext,
} from "./agent-context.ts";
import { backupVolume, type BackupVolumeResult } from "./backup-volume.ts";
import { localVolumeFolder, readPodVolume, type PodVolume } from "./pod-volume-source.ts";
import { failedStatus, RunningVolumes } from "./running-volumes.ts";
import { parentTags, snapshotTags, type VolumeIdentity } from "./snapshot-tags.ts";
import type { ThrottledProgress } from "./throttled-progress.ts";

type Status = MergePatch<PodVolumeBackupStatus>;

export class PodVolumeBackupReconciler {
  readonly #ctx: AgentContext;
  readonly #client: ResourceClient<PodVolumeBackup>;
  /** Backups running in this process, by name: how cancel reaches them. */
  readonly #running = new RunningVolumes();

  constructor(ctx: AgentContext) {
    this.#ctx = ctx;
    this.#client = lifeboatClient(ctx.rest, podVolumeBackupDefinition, ctx.namespace);
  }

  /** Which PVBs this node's controller queues. */
  static wants(nodeName: string): (pvb: PodVolumeBackup) => boolean {
    return (pvb) => pvb.spec?.node === nodeName && !terminalPhases.has(pvb.status?.phase ?? "New");
  }

  /** Informer hook: a running backup whose spec.cancel was set is stopped now. */
  onChange(pvb: PodVolumeBackup): void {
    if (pvb.spec?.cancel) this.#running.cancel(pvb.metadata.name ?? "");
  }

  get running(): number {
    return this.#running.size;
  }

  async reconcile(key: string, signal: AbortSignal): Promise<ReconcileResult> {
    const name = nameOf(key);
    const pvb = await getOrUndefined(this.#client, name);
    if (!pvb || pvb.spec.node !== this.#ctx.nodeName) return;
    const phase = pvb.status?.phase ?? "New";
    if (terminalPhases.has(phase) || this.#running.has(name)) return;
    if (phase === "InProgress") {
      await this.#finish(pvb, {
        phase: "Failed",
        message: "the node agent restarted while this volume was being backed up; run the backup again",
      });
      return;
    }
    if (pvb.spec.cancel) {
      await this.#finish(pvb, { phase: "Canceled", message: "canceled before it started" });
      return;
    }
    const release = await takeSlot(this.#ctx.slots, signal);
    if (!release) return;
    try {
      // it may have changed while it waited for a slot
      const fresh = await getOrUndefined(this.#client, name);
      if (!fresh || (fresh.status?.phase ?? "New") !== "New") return;
      if (fresh.spec.cancel) {
        await this.#finish(fresh, { phase: "Canceled", message: "canceled before it started" });
        return;
      }
      await this.#running.run(name, signal, (stop) => this.#run(fresh, stop));
    } finally {
      release();
    }
  }

  async #run(pvb: PodVolumeBackup, stop: AbortSignal): Promise<void> {
    const name = pvb.metadata.name ?? "";
    const startTimestamp = isoNow(this.#ctx.clock);
    const log = this.#ctx.log;
    let progress: ThrottledProgress | undefined;
    try {
      const source = await readPodVolume(this.#ctx.rest, pvb.spec.pod, pvb.spec.volume);
      const folder = await localVolumeFolder(this.#ctx.hostPods, this.#ctx.nodeName, source);
      await this.#client.patchStatus(name, {
        phase: "InProgress",
        startTimestamp,
        path: folder.folder,
        progress: { totalBytes: 0, bytesDone: 0 },
      });
      log.info({ pvb: name, path: folder.folder }, "backing up volume");
      const writer = startProgress(this.#ctx, this.#client, name);
      progress = writer;
      const location = await getLocation(this.#ctx, pvb.spec.backupStorageLocation);
      const { repository } = await this.#ctx.repositories.open({
        location,
        volumeNamespace: pvb.spec.pod.namespace,
        write: true,
      });
      const identity = identityOf(pvb, source);
      const result = await backupVolume({
        repository,
        folder: folder.folder,
        tags: snapshotTags(identity, pvb.spec.tags ?? {}),
        parentTags: parentTags(identity),
        onProgress: (p) => writer.report(p),
        signal: stop,
      });
      await writer.stop();
      await this.#finish(pvb, { startTimestamp, ...completedStatus(result) }, result.totalBytes);
      log.info({ pvb: name, snapshot: result.snapshotId, uploaded: result.incrementalBytes }, "volume backed up");
    } catch (err) {
      await progress?.stop();
      const status = failedStatus(err, stop);
      log.warn({ pvb: name, err: (err as Error).message }, `volume backup ${status.phase}`);
      await this.#finish(pvb, { startTimestamp, ...status });
    }
  }

  async #finish(pvb: PodVolumeBackup, status: Status, bytes = 0): Promise<void> {
    await writeFinalStatus(this.#ctx, "backup", { object: pvb, client: this.#client }, status, bytes);
  }
}

function identityOf(pvb: PodVolumeBackup, source: PodVolume): VolumeIdentity {
  const owner = ownerOf(pvb, "Backup");
  const meta = pvb.metadata.labels ?? {};
  const tags = pvb.spec.tags ?? {};
  return {
    backup: meta[labels.backupName] ?? tags["backup"] ?? owner?.name ?? "",
    backupUid: meta[labels.backupUid] ?? tags["backup-uid"] ?? owner?.uid ?? "",
    namespace: pvb.spec.pod.namespace,
    pod: pvb.spec.pod.name,
    podUid: source.podUid,
    volume: pvb.spec.volume,
    ...(source.pvcUid ? { pvcUid: source.pvcUid } : {}),
  };
}

function completedStatus(result: BackupVolumeResult): Status {
  const files = `${result.filesNew} new, ${result.filesChanged} changed, ${result.filesUnmodified} unmodified files`;
  const parent = result.parentId ? `parent ${result.parentId.slice(0, 8)}` : "no parent (full backup)";
  const base: Status = {
    snapshotID: result.snapshotId,
    incrementalBytes: result.incrementalBytes,
    progress: { totalBytes: result.totalBytes, bytesDone: result.totalBytes },
  };
  const first = result.unreadable[0];
  if (first) {
    return {
      ...base,
      phase: "Failed",
      message:
        `snapshot ${result.snapshotId.slice(0, 8)} saved without ${result.unreadable.length} entries that could not be read ` +
        `(first: ${first.path}: ${first.message})`,
    };
  }
  return { ...base, phase: "Completed", message: `${files}; ${parent}` };
}
