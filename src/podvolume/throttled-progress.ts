/**
 * Progress writes at a bounded rate: a run reports `{totalBytes, bytesDone}` as often as the
 * engine calls back; the status is patched at most once per interval (2 s by default, as the
 * issue asks), never with two patches in flight (status-writer.ts's CoalescingWriter), and the
 * final numbers go with the final status, not through here.
 */
import { CoalescingWriter } from "../controllers/status-writer.ts";
import type { Clock } from "../kube/clock.ts";
import type { Log } from "../kube/log.ts";
import type { VolumeProgress } from "./backup-volume.ts";

export class ThrottledProgress {
  readonly #writer: CoalescingWriter<VolumeProgress>;
  readonly #intervalMs: number;
  readonly #clock: Clock;
  #last = -Infinity;

  constructor(write: (progress: VolumeProgress) => Promise<unknown>, options: { intervalMs: number; clock: Clock; log: Log }) {
    this.#writer = new CoalescingWriter(write, options.log);
    this.#intervalMs = options.intervalMs;
    this.#clock = options.clock;
  }

  report(progress: VolumeProgress): void {
    const now = this.#clock.now();
    if (now - this.#last < this.#intervalMs) return;
    this.#last = now;
    this.#writer.push(progress);
  }

  /** Resolves when every write already started has ended. */
  flush(): Promise<void> {
    return this.#writer.flush();
  }
}
