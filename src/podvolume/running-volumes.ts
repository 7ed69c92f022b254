/**
 * The volume backups and restores this node agent process is running, by object name: how a
 * `spec.cancel` seen by the informer, or the agent shutting down, reaches a run in progress,
 * and how the status of a run that was stopped that way reads.
 */
import { PodVolumeError } from "./errors.ts";

const canceledByRequest = "canceled";

export class RunningVolumes {
  readonly #running = new Map<string, AbortController>();

  get size(): number {
    return this.#running.size;
  }

  has(name: string): boolean {
    return this.#running.has(name);
  }

  /** `spec.cancel` was set on `name`: stops its run, if one is going on here. */
  cancel(name: string): void {
    this.#running.get(name)?.abort(canceledByRequest);
  }

  /** Runs `work` as `name`; its signal aborts on cancel() or when `shutdown` does. */
  async run<T>(name: string, shutdown: AbortSignal, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const abort = new AbortController();
    const onShutdown = (): void => abort.abort("shutdown");
    shutdown.addEventListener("abort", onShutdown, { once: true });
    this.#running.set(name, abort);
    try {
      return await work(abort.signal);
    } finally {
      shutdown.removeEventListener("abort", onShutdown);
      this.#running.delete(name);
    }
  }
}

/** The final phase and message of a run that threw `err`; `signal` is the one run() gave it. */
export function failedStatus(err: unknown, signal: AbortSignal): { phase: "Canceled" | "Failed"; message: string } {
  if (signal.aborted && signal.reason === canceledByRequest)
    return { phase: "Canceled", message: "canceled by request (spec.cancel)" };
  if (signal.aborted)
    return { phase: "Failed", message: "the node agent stopped while this volume was being worked on" };
  if (PodVolumeError.is(err, "Canceled")) return { phase: "Canceled", message: err.message };
  return { phase: "Failed", message: (err as Error).message || String(err) };
}
