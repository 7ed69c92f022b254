/**
 * Waiting for PodVolumeBackups or PodVolumeRestores to end, for the server side of a backup or
 * restore. Polls them; one that is InProgress but whose object has not changed for `stallMs`
 * (node agents report progress every 2 s) has lost its node agent, and one not done within
 * `timeoutMs` never will be: both are marked Failed with a message saying so, so a dead agent
 * never hangs a backup or restore (Velero's restore-wait hang).
 */
import { terminalPodVolumePhases } from "../api/pod-volume-backup.ts";
import type { Clock } from "../kube/clock.ts";

export interface PodVolumeObject {
  metadata: { name?: string; resourceVersion?: string };
  status?: { phase?: string };
}

export interface PodVolumeClient<T> {
  get(name: string): Promise<T>;
  patchStatus(name: string, patch: { phase: "Failed"; message: string }): Promise<unknown>;
}

export interface WaitOptions<T> {
  clock: Clock;
  timeoutMs: number;
  stallMs: number;
  pollMs?: number;
  signal?: AbortSignal;
  /** Who should have done the work, for the failure messages (e.g. "the node agent on node-1"). */
  worker: (obj: T) => string;
  onPoll?: (current: T[]) => void;
}

export function podVolumeCounts(objs: PodVolumeObject[]): { attempted: number; completed: number; failed: number } {
  return {
    attempted: objs.length,
    completed: objs.filter((p) => p.status?.phase === "Completed").length,
    failed: objs.filter((p) => p.status?.phase === "Failed" || p.status?.phase === "Canceled").length,
  };
}

/** Fails `obj` if its agent has stalled or its time is up; returns whether it is still open. */
async function check<T extends PodVolumeObject>(
  obj: T,
  client: PodVolumeClient<T>,
  options: WaitOptions<T>,
  state: { started: number; now: number; lastChange: Map<string, { version: string; at: number }> },
): Promise<boolean> {
  if (terminalPodVolumePhases.has(obj.status?.phase ?? "New")) return false;
  const { timeoutMs, stallMs } = options;
  const name = obj.metadata.name ?? "";
  const seen = state.lastChange.get(name);
  const version = obj.metadata.resourceVersion ?? "";
  if (!seen || seen.version !== version) state.lastChange.set(name, { version, at: state.now });
  const stalled = obj.status?.phase === "InProgress" && state.now - (seen?.at ?? state.now) >= stallMs;
  if (stalled) {
    const message = `no progress for ${Math.round(stallMs / 1000)} s: ${options.worker(obj)} stopped working on it (is it running?)`;
    await client.patchStatus(name, { phase: "Failed", message });
  } else if (state.now - state.started >= timeoutMs) {
    const message = `not finished after ${Math.round(timeoutMs / 1000)} s (the pod volume timeout); ${options.worker(obj)} may not be running`;
    await client.patchStatus(name, { phase: "Failed", message });
  }
  return true;
}

/** Resolves with the objects once every one has ended (Completed, Failed or Canceled). */
export async function waitForPodVolumes<T extends PodVolumeObject>(
  client: PodVolumeClient<T>,
  names: string[],
  options: WaitOptions<T>,
): Promise<T[]> {
  const started = options.clock.now();
  const lastChange = new Map<string, { version: string; at: number }>();
  for (;;) {
    const current = await Promise.all(names.map((n) => client.get(n)));
    const state = { started, now: options.clock.now(), lastChange };
    let open = 0;
    for (const obj of current) if (await check(obj, client, options, state)) open++;
    options.onPoll?.(current);
    if (open === 0 || options.signal?.aborted) return current;
    await options.clock.sleep(options.pollMs ?? 1000, options.signal);
  }
}
