/**
 * Time, injected. Everything in the kube package that waits or timestamps (informer backoff and
 * resync, work-queue delays, the rate limiter, leader election) asks a Clock, so tests run on a
 * ManualClock and move time with `advance(ms)` instead of sleeping.
 *
 * Contract: `after(ms, fn)` calls `fn` once, no earlier than `ms` from now, unless cancelled
 * first; `sleep(ms, signal)` never rejects: it resolves `true` when the time has passed and
 * `false` as soon as `signal` is aborted (or if it already was).
 */

export interface Timer {
  /** Idempotent; a no-op once the timer has fired. */
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  after(ms: number, fn: () => void): Timer;
  sleep(ms: number, signal?: AbortSignal): Promise<boolean>;
}

const maxTimeoutMs = 2 ** 31 - 1;

function sleepWith(clock: Pick<Clock, "after">, ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      timer.cancel();
      resolve(false);
    };
    const timer = clock.after(ms, () => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    });
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Wall-clock time and Node timers. */
export const realClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const handle = setTimeout(fn, Math.min(Math.max(0, ms), maxTimeoutMs));
    return { cancel: () => clearTimeout(handle) };
  },
  sleep(ms, signal) {
    return sleepWith(realClock, ms, signal);
  },
};

interface PendingTimer {
  due: number;
  seq: number;
  fn: () => void;
}

/** Lets every queued promise continuation (and anything they queue in turn) run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A clock that moves only when told to. Timers fire in due-time order (ties in creation order);
 * between two timers, and before `advance` returns, pending promise continuations run, so async
 * code that reacts to one timer by setting the next one behaves as it would in real time.
 */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers = new Map<number, PendingTimer>();

  constructor(startMs = Date.UTC(2025, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  after(ms: number, fn: () => void): Timer {
    const seq = this.#seq++;
    this.#timers.set(seq, { due: this.#now + Math.max(0, ms), seq, fn });
    return { cancel: () => void this.#timers.delete(seq) };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
    return sleepWith(this, ms, signal);
  }

  /** Number of timers not yet fired or cancelled. */
  pending(): number {
    return this.#timers.size;
  }

  /** Runs pending promise continuations without moving time; fires timers already due. */
  async flush(): Promise<void> {
    await this.advance(0);
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + Math.max(0, ms);
    for (;;) {
      await settle();
      const next = this.#nextDue(target);
      if (!next) break;
      this.#timers.delete(next.seq);
      this.#now = next.due;
      next.fn();
    }
    this.#now = target;
    await settle();
  }

  #nextDue(limit: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.#timers.values()) {
      if (t.due > limit) continue;
      if (!best || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    }
    return best;
  }
}

/**
 * A signal that aborts after `ms` on `clock` (reason: a DOMException named "TimeoutError")
 * or when `parent` aborts. Call `dispose()` when done to drop the timer and the listener.
 */
export function timeoutSignal(
  clock: Clock,
  ms: number,
  parent?: AbortSignal,
): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onParent = (): void => controller.abort(parent?.reason);
  const timer = clock.after(ms, () => controller.abort(new DOMException(`timed out after ${ms} ms`, "TimeoutError")));
  if (parent?.aborted) onParent();
  else parent?.addEventListener("abort", onParent, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      timer.cancel();
      parent?.removeEventListener("abort", onParent);
    },
  };
}

/** A Kubernetes metav1.Time: RFC 3339 in UTC, whole seconds ("2026-11-25T10:00:00Z"). */
export function kubeTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
