/**
 * What the node agent's reconcilers share: the API client, the install namespace, this node's
 * name and the kubelet's pods folder as mounted here, the clock and logger, the repositories,
 * the slots that bound how many volumes are backed up or restored at once on this node, and
 * the hooks the process's metrics listen on.
 */
import type { KubernetesObject } from "@kubernetes/client-node";
import { backupStorageLocationDefinition, type BackupStorageLocation } from "../api/backup-storage-location.ts";
import type { Clock } from "../kube/clock.ts";
import { KubeError } from "../kube/errors.ts";
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
  return new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export const terminalPhases: ReadonlySet<string> = new Set(["Completed", "Failed", "Canceled"]);

export async function getLocation(ctx: AgentContext, name: string): Promise<BackupStorageLocation> {
  try {
    return await lifeboatClient(ctx.rest, backupStorageLocationDefinition, ctx.namespace).get(name);
  } catch (err) {
    if (KubeError.is(err, "NotFound")) {
      throw new PodVolumeError(
        "RepositoryUnavailable",
        `backup storage location "${name}" does not exist in namespace ${ctx.namespace}`,
      );
    }
    throw err;
  }
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
export async function writeFinal(write: () => Promise<unknown>, clock: Clock, log: Log): Promise<void> {
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
