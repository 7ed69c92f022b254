/**
 * Progress of a backup run, reported at most once a second (and once at the end). Items are
 * streamed, so the total is an estimate that firms up as the run goes: the items accepted so far
 * plus, for every list still running, what its server said is left (the first page's item count
 * plus `remainingItemCount`) minus what it has already yielded. When every list is done the
 * total is exact.
 */
import type { BackupProgress } from "./request.ts";

const clockReadEvery = 64;

export interface ListTracker {
  /** A page arrived with `items` items and, if known, `remaining` more after it. */
  page(items: number, remaining: number | undefined): void;
  /** The list yielded one item (accepted or not). */
  seen(): void;
  done(): void;
}

export class ProgressReporter {
  readonly #onProgress: ((p: BackupProgress) => void) | undefined;
  readonly #now: () => Date;
  readonly #intervalMs: number;
  readonly #pending = new Set<{ left: number }>();
  #accepted = 0;
  #backedUp = 0;
  #lastReport = Number.NEGATIVE_INFINITY;
  /** Changes since the clock was last read: reading it per item would cost a Date per item. */
  #sinceClockRead = 0;

  constructor(onProgress: ((p: BackupProgress) => void) | undefined, now: () => Date, intervalMs = 1000) {
    this.#onProgress = onProgress;
    this.#now = now;
    this.#intervalMs = intervalMs;
  }

  get itemsBackedUp(): number {
    return this.#backedUp;
  }

  get totalItems(): number {
    let left = 0;
    for (const p of this.#pending) left += p.left;
    return Math.max(this.#accepted + left, this.#backedUp);
  }

  list(): ListTracker {
    const state = { left: 0 };
    this.#pending.add(state);
    return {
      page: (items, remaining) => {
        if (remaining !== undefined) state.left = items + remaining;
        else state.left = Math.max(state.left, items);
      },
      seen: () => {
        if (state.left > 0) state.left--;
      },
      done: () => {
        this.#pending.delete(state);
      },
    };
  }

  /** An item passed every check and will be written. */
  accepted(): void {
    this.#accepted++;
    this.#maybeReport();
  }

  /** An item is in the tarball. */
  backedUp(): void {
    this.#backedUp++;
    this.#maybeReport();
  }

  /** Reports now, whatever the interval (the end of the run). */
  flush(): BackupProgress {
    const p = this.#snapshot();
    this.#onProgress?.(p);
    this.#lastReport = this.#now().getTime();
    this.#sinceClockRead = 0;
    return p;
  }

  #snapshot(): BackupProgress {
    return { totalItems: this.totalItems, itemsBackedUp: this.#backedUp };
  }

  #maybeReport(): void {
    if (!this.#onProgress || ++this.#sinceClockRead < clockReadEvery) return;
    this.#sinceClockRead = 0;
    const t = this.#now().getTime();
    if (t - this.#lastReport < this.#intervalMs) return;
    this.#lastReport = t;
    this.#onProgress(this.#snapshot());
  }
}
