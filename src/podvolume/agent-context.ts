/**
 * What the node agent's reconcilers share: the API client, the install namespace, this node's
 * name and the kubelet's pods folder as mounted here, the clock and logger, the repositories,
 * the slots that bound how many volumes are backed up or restored at once on this node, and
 * the hooks the process's metrics listen on.
 */
import type { KubernetesObject } from "@kubernetes/client-node";
import { backupStorageLocationDefinition, type BackupStorageLocation } from "../api/backup-storage-location.ts";
import { getOrUndefined } from "../controllers/not-found.ts";
import { kubeTime, type Clock } from "../kube/clock.ts";
import type { Log } from "../kube/log.ts";
import { lifeboatClient } from "../kube/resource-client.ts";
import type { RestClient } from "../kube/rest.ts";
import type { Semaphore } from "../util/semaphore.ts";
import { PodVolumeError } from "./errors.ts";
import type { Repositories } from "./repositories.ts";
import type { VolumeProgress } from "./backup-volume.ts";
import { ThrottledProgress } from "./throttled-progress.ts";

export interface AgentMetrics {
  /** A backup or restore ended in `phase`, having moved `bytes`. */
  finished(kind: "backup" | "restore", phase: string, bytes: number): void;
}

export interface AgentContext {
  rest: RestClient;
  /** The install namespace (PodVolumeBackups, PodVolumeRestores, locations). */
  namespace: string;
  nodeName: string;
  /** The kubelet's pods folder as this process sees it (`/host_pods` in the DaemonSet). */
  hostPods: string;
  clock: Clock;
  log: Log;
  repositories: Repositories;
  /** Shared by backups and restores: the node's concurrency. */
  slots: Semaphore;
  /** Progress is written at most this often (default 2 s). */
  progressIntervalMs: number;
  /** How long a restore waits for its pod to be scheduled and its volume mounted. */
  podWaitTimeoutMs: number;
  metrics?: AgentMetrics;
}

export function isoNow(clock: Clock): string {
  return kubeTime(clock.now());
}

export { terminalPodVolumePhases as terminalPhases } from "../api/pod-volume-backup.ts";

export async function getLocation(ctx: AgentContext, name: string): Promise<BackupStorageLocation> {
  const location = await getOrUndefined(lifeboatClient(ctx.rest, backupStorageLocationDefinition, ctx.namespace), name);
  if (!location) {
    throw new PodVolumeError(
      "RepositoryUnavailable",
      `backup storage location "${name}" does not exist in namespace ${ctx.namespace}`,
    );
  }
  return location;
}

/** The owner of `kind`, if the object has one. */
export function ownerOf(obj: KubernetesObject, kind: string): { name: string; uid: string } | undefined {
  const owner = obj.metadata?.ownerReferences?.find((o) => o.kind === kind);
  return owner ? { name: owner.name, uid: owner.uid } : undefined;
}

/** Waits for a slot unless `signal` aborts first (then resolves undefined and takes none). */
export async function takeSlot(slots: Semaphore, signal: AbortSignal): Promise<(() => void) | undefined> {
  const pending = slots.acquire();
  if (signal.aborted) {
    void pending.then((release) => release());
    return undefined;
  }
  const aborted = new Promise<undefined>((resolve) =>
    signal.addEventListener("abort", () => resolve(undefined), { once: true }),
  );
  const release = await Promise.race([pending, aborted]);
  if (release) return release;
  void pending.then((r) => r());
  return undefined;
}

/** Writes a final status, retrying a few times: losing it would leave the object InProgress. */
async function writeFinal(write: () => Promise<unknown>, clock: Clock, log: Log): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await write();
      return;
    } catch (err) {
      if (attempt >= 5) throw err;
      log.warn({ err: (err as Error).message, attempt }, "writing the final status failed; retrying");
      await clock.sleep(1000 * attempt);
    }
  }
}

/** The status fields every finished PVB and PVR has. */
interface FinishedStatus {
  phase?: string | null;
  startTimestamp?: string | null;
  completionTimestamp?: string | null;
}

/** A PVB or PVR and the client that writes its status. */
interface FinishTarget<S> {
  object: KubernetesObject & { status?: { startTimestamp?: string } };
  client: { patchStatus(name: string, status: S): Promise<unknown> };
}

/**
 * Writes the final status of a PVB or PVR with writeFinal: completionTimestamp now, and
 * startTimestamp too when it never started. Counts the outcome in the metrics.
 */
export async function writeFinalStatus<S extends FinishedStatus>(
  ctx: AgentContext,
  kind: "backup" | "restore",
  target: FinishTarget<S>,
  status: S,
  bytes: number,
): Promise<void> {
  const completionTimestamp = isoNow(ctx.clock);
  const started = target.object.status?.startTimestamp || status.startTimestamp;
  const final: S = { ...status, completionTimestamp, ...(started ? {} : { startTimestamp: completionTimestamp }) };
  const name = target.object.metadata?.name ?? "";
  await writeFinal(() => target.client.patchStatus(name, final), ctx.clock, ctx.log);
  ctx.metrics?.finished(kind, String(status.phase), bytes);
}

/** Stamped on a running PVB/PVR when it has had no other write for a while: the agent lives. */
export const heartbeatAnnotation = "lifeboat.dev/node-agent-heartbeat";

interface ProgressTarget {
  patchStatus(name: string, status: { progress: VolumeProgress }): Promise<unknown>;
  patch(name: string, patch: { metadata: { annotations: Record<string, string> } }): Promise<unknown>;
}

/** A started progress writer for a running object, with its heartbeat; stop it when done. */
export function startProgress(ctx: AgentContext, client: ProgressTarget, name: string): ThrottledProgress {
  const progress = new ThrottledProgress((p) => client.patchStatus(name, { progress: p }), {
    intervalMs: ctx.progressIntervalMs,
    clock: ctx.clock,
    log: ctx.log,
    heartbeat: () => client.patch(name, { metadata: { annotations: { [heartbeatAnnotation]: isoNow(ctx.clock) } } }),
  });
  progress.start();
  return progress;
}
