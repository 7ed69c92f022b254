/**
 * The node agent's PodVolumeRestore reconciler. Every agent sees every PVR; the one on the node
 * the restored pod is scheduled to does the work:
 *
 *   New ──(pod scheduled here; volume mounted by the kubelet; take a slot)──▶ InProgress
 *       ──(restore the snapshot into the new pod's volume folder)──▶ write the done-marker
 *       `<volume>/.lifeboat/<restore uid>` ──▶ Completed
 *
 * A failure writes the failure marker instead (the pod's restore-wait helper stops waiting and
 * shows the reason) and marks the PVR Failed. A pod that is not scheduled, or whose volume is not
 * mounted, within `podWaitTimeoutMs` of the PVR's creation fails it with that reason, rather than
 * leaving the restore waiting for hours. The restore uid is the PVR's `lifeboat.dev/restore-uid`
 * label, or its owner Restore's uid.
 */
import { labels } from "../api/group.ts";
import {
  podVolumeRestoreDefinition,
  type PodVolumeRestore,
  type PodVolumeRestoreStatus,
} from "../api/pod-volume-restore.ts";
import { nameOf } from "../controllers/controller.ts";
import { getOrUndefined } from "../controllers/not-found.ts";
import { lifeboatClient, type MergePatch, type ResourceClient } from "../kube/resource-client.ts";
import type { ReconcileResult } from "../kube/workqueue.ts";
import { writeDoneMarker, writeFailureMarker } from "../restore-helper.ts";
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
import { PodVolumeError } from "./errors.ts";
import { localVolumeFolder, readPodVolume } from "./pod-volume-source.ts";
import { restoreVolume } from "./restore-volume.ts";
import { failedStatus, RunningVolumes } from "./running-volumes.ts";
import type { ThrottledProgress } from "./throttled-progress.ts";
import type { VolumeFolder } from "./volume-path.ts";

type Status = MergePatch<PodVolumeRestoreStatus>;

const pollMs = 2000;

type Located = { kind: "here"; folder: VolumeFolder } | { kind: "elsewhere" } | { kind: "wait"; why: string };

export class PodVolumeRestoreReconciler {
  readonly #ctx: AgentContext;
  readonly #client: ResourceClient<PodVolumeRestore>;
  readonly #running = new RunningVolumes();

  constructor(ctx: AgentContext) {
    this.#ctx = ctx;
    this.#client = lifeboatClient(ctx.rest, podVolumeRestoreDefinition, ctx.namespace);
  }

  static wants(pvr: PodVolumeRestore): boolean {
    return !terminalPhases.has(pvr.status?.phase ?? "New");
  }

  onChange(pvr: PodVolumeRestore): void {
    if (pvr.spec?.cancel) this.#running.cancel(pvr.metadata.name ?? "");
  }

  get running(): number {
    return this.#running.size;
  }

  async reconcile(key: string, signal: AbortSignal): Promise<ReconcileResult> {
    const name = nameOf(key);
    const pvr = await getOrUndefined(this.#client, name);
    if (!pvr || terminalPhases.has(pvr.status?.phase ?? "New") || this.#running.has(name)) return;
    const located = await this.#locate(pvr);
    if (located === undefined || located.kind === "elsewhere") return;
    if (located.kind === "wait") return this.#waitOrFail(pvr, located.why);
    if (pvr.status?.phase === "InProgress") {
      await this.#finish(
        pvr,
        {
          phase: "Failed",
          message: "the node agent restarted while this volume was being restored; run the restore again",
        },
        located.folder,
      );
      return;
    }
    if (pvr.spec.cancel) {
      await this.#finish(pvr, { phase: "Canceled", message: "canceled before it started" }, located.folder);
      return;
    }
    const release = await takeSlot(this.#ctx.slots, signal);
    if (!release) return;
    try {
      const fresh = await getOrUndefined(this.#client, name);
      if (!fresh || (fresh.status?.phase ?? "New") !== "New") return;
      await this.#running.run(name, signal, (stop) => this.#run(fresh, located.folder, stop));
    } finally {
      release();
    }
  }

  /** Where the volume is: on this node, on another, not yet known; undefined once it failed. */
  async #locate(pvr: PodVolumeRestore): Promise<Located | undefined> {
    try {
      const source = await readPodVolume(this.#ctx.rest, pvr.spec.pod, pvr.spec.volume);
      if (!source.nodeName) return { kind: "wait", why: "the pod is not scheduled to a node" };
      if (source.nodeName !== this.#ctx.nodeName) return { kind: "elsewhere" };
      return { kind: "here", folder: await localVolumeFolder(this.#ctx.hostPods, this.#ctx.nodeName, source) };
    } catch (err) {
      if (PodVolumeError.is(err, "NotReady") || PodVolumeError.is(err, "VolumeFolderNotFound")) {
        return { kind: "wait", why: (err as Error).message };
      }
      if (!PodVolumeError.is(err)) throw err;
      await this.#finish(pvr, { phase: "Failed", message: err.message });
      return undefined;
    }
  }

  async #waitOrFail(pvr: PodVolumeRestore, why: string): Promise<ReconcileResult> {
    const created = Date.parse(String(pvr.metadata.creationTimestamp ?? ""));
    const waited = Number.isNaN(created) ? 0 : this.#ctx.clock.now() - created;
    if (waited < this.#ctx.podWaitTimeoutMs) return { requeueAfterMs: pollMs };
    await this.#finish(pvr, {
      phase: "Failed",
      message: `gave up after ${Math.round(waited / 1000)} s: ${why}`,
    });
    return undefined;
  }

  async #run(pvr: PodVolumeRestore, folder: VolumeFolder, stop: AbortSignal): Promise<void> {
    const name = pvr.metadata.name ?? "";
    const startTimestamp = isoNow(this.#ctx.clock);
    let progress: ThrottledProgress | undefined;
    try {
      const restoreUid = restoreUidOf(pvr);
      await this.#client.patchStatus(name, {
        phase: "InProgress",
        startTimestamp,
        progress: { totalBytes: 0, bytesDone: 0 },
      });
      this.#ctx.log.info({ pvr: name, path: folder.folder }, "restoring volume");
      const writer = startProgress(this.#ctx, this.#client, name);
      progress = writer;
      const location = await getLocation(this.#ctx, pvr.spec.backupStorageLocation);
      const opened = await this.#ctx.repositories.open({
        location,
        volumeNamespace: pvr.spec.sourceNamespace,
        write: false,
      });
      const result = await restoreVolume({
        repository: opened.repository,
        snapshotId: pvr.spec.snapshotID,
        target: folder.folder,
        readOnly: opened.readOnly,
        onProgress: (p) => writer.report(p),
        signal: stop,
      });
      await writer.stop();
      await writeDoneMarker(folder.folder, restoreUid);
      const warned =
        result.warnings.length > 0 ? `; ${result.warnings.length} warnings, first: ${result.warnings[0]}` : "";
      await this.#finish(
        pvr,
        {
          startTimestamp,
          phase: "Completed",
          progress: { totalBytes: result.bytes, bytesDone: result.bytes },
          message: `restored snapshot ${result.snapshotId.slice(0, 8)}: ${result.files} files${warned}`,
        },
        undefined,
        result.bytes,
      );
    } catch (err) {
      await progress?.stop();
      const status = failedStatus(err, stop);
      this.#ctx.log.warn({ pvr: name, err: (err as Error).message }, `volume restore ${status.phase}`);
      await this.#finish(pvr, { startTimestamp, ...status }, folder);
    }
  }

  /** Writes the final status; a failure also leaves the failure marker for the restore helper. */
  async #finish(pvr: PodVolumeRestore, status: Status, folder?: VolumeFolder, bytes = 0): Promise<void> {
    const name = pvr.metadata.name ?? "";
    if (folder && status.phase !== "Completed") {
      try {
        await writeFailureMarker(folder.folder, restoreUidOf(pvr), `${status.phase}: ${status.message ?? ""}`);
      } catch (err) {
        this.#ctx.log.warn({ pvr: name, err: (err as Error).message }, "could not write the failure marker");
      }
    }
    await writeFinalStatus(this.#ctx, "restore", { object: pvr, client: this.#client }, status, bytes);
  }
}

export function restoreUidOf(pvr: PodVolumeRestore): string {
  const uid = pvr.metadata.labels?.[labels.restoreUid] ?? ownerOf(pvr, "Restore")?.uid;
  if (!uid) {
    throw new PodVolumeError(
      "InvalidArgument",
      `PodVolumeRestore ${pvr.metadata.name ?? ""} names no restore: give it the label ${labels.restoreUid} or an owner reference to its Restore`,
    );
  }
  return uid;
}
