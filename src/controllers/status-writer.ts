/**
 * Progress patches without pile-ups: a run reports progress as often as it likes; at most one
 * status patch is in flight per object, and while one is, only the newest progress waits to be
 * sent. `flush()` resolves when everything reported has been written (or has failed: progress
 * is best effort and never fails a run).
 */
import type { Log } from "../kube/log.ts";

export class CoalescingWriter<T> {
  readonly #write: (value: T) => Promise<unknown>;
  readonly #log: Log;
  #pending: T | undefined;
  #inFlight: Promise<void> | undefined;

  constructor(write: (value: T) => Promise<unknown>, log: Log) {
    this.#write = write;
    this.#log = log;
  }

  push(value: T): void {
    this.#pending = value;
    this.#inFlight ??= this.#drain();
  }

  async #drain(): Promise<void> {
    while (this.#pending !== undefined) {
      const value = this.#pending;
      this.#pending = undefined;
      try {
        await this.#write(value);
      } catch (err) {
        this.#log.warn({ err: (err as Error).message }, "progress update failed");
      }
    }
    this.#inFlight = undefined;
  }

  async flush(): Promise<void> {
    while (this.#inFlight) await this.#inFlight;
  }
}
