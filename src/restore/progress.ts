/**
 * Throttled progress reports: the caller updates on every item, the listener hears at most one
 * report a second (the restore controller patches the Restore's status with each), and always
 * the final numbers once at the end.
 */
import type { RestoreProgress } from "./types.ts";

export class ProgressReporter {
  readonly #listener: ((p: RestoreProgress) => void) | undefined;
  readonly #now: () => Date;
  readonly #intervalMs: number;
  #last = Number.NEGATIVE_INFINITY;
  #current: RestoreProgress = { totalItems: 0, itemsRestored: 0 };

  constructor(listener: ((p: RestoreProgress) => void) | undefined, now: () => Date, intervalMs = 1000) {
    this.#listener = listener;
    this.#now = now;
    this.#intervalMs = intervalMs;
  }

  get current(): RestoreProgress {
    return { ...this.#current };
  }

  update(progress: RestoreProgress): void {
    this.#current = { ...progress };
    const at = this.#now().getTime();
    if (at - this.#last < this.#intervalMs) return;
    this.#last = at;
    this.#listener?.({ ...progress });
  }

  /** The final report, whatever the time since the last one. */
  finish(): void {
    this.#last = this.#now().getTime();
    this.#listener?.({ ...this.#current });
  }
}
