/**
 * Progress writes at a bounded rate, and a heartbeat: a run reports `{totalBytes, bytesDone}` as
 * often as the engine calls back; the status is patched at most once per interval (2 s by
 * default, as the issue asks), never with two patches in flight (status-writer.ts's
 * CoalescingWriter). The server takes an InProgress object that has not changed for a while as
 * the sign of a dead agent (src/podvolume/wait.ts), but a live run can go quiet too (loading the
 * index, finding the parent, writing the last packs), so when nothing was written for
 * `heartbeatMs` the heartbeat is called (the agent stamps an annotation), proving the agent is
 * alive. The final numbers go with the final status, not through here.
 */
import { CoalescingWriter } from "../controllers/status-writer.ts";
import type { Clock, Timer } from "../kube/clock.ts";
import type { Log } from "../kube/log.ts";
import type { VolumeProgress } from "./backup-volume.ts";

export interface ThrottleOptions {
  intervalMs: number;
  clock: Clock;
  log: Log;
  heartbeat?: () => Promise<unknown>;
  /** Default 5 s. */
  heartbeatMs?: number;
}

export class ThrottledProgress {
  readonly #writer: CoalescingWriter<VolumeProgress>;
  readonly #options: ThrottleOptions;
  #lastWrite = -Infinity;
  #timer: Timer | undefined;
  #beat: Promise<unknown> | undefined;
  #stopped = false;

  constructor(write: (progress: VolumeProgress) => Promise<unknown>, options: ThrottleOptions) {
    this.#writer = new CoalescingWriter(write, options.log);
    this.#options = options;
  }

  report(progress: VolumeProgress): void {
    const now = this.#options.clock.now();
    if (now - this.#lastWrite < this.#options.intervalMs) return;
    this.#lastWrite = now;
    this.#writer.push(progress);
  }

  /** Starts the heartbeat (if there is one). */
  start(): void {
    this.#lastWrite = Math.max(this.#lastWrite, this.#options.clock.now());
    this.#schedule();
  }

  #schedule(): void {
    const { heartbeat, clock } = this.#options;
    const every = this.#options.heartbeatMs ?? 5000;
    if (!heartbeat || this.#stopped) return;
    this.#timer = clock.after(every, () => {
      if (this.#stopped) return;
      if (clock.now() - this.#lastWrite >= every) {
        this.#lastWrite = clock.now();
        this.#beat = heartbeat().catch((err: unknown) =>
          this.#options.log.warn({ err: (err as Error).message }, "heartbeat failed"),
        );
      }
      this.#schedule();
    });
  }

  /** Stops the heartbeat; resolves when every write already started has ended. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
    await this.#beat;
    await this.#writer.flush();
  }
}
