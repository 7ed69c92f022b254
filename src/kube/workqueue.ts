/**
 * A keyed work queue for reconcilers, with the semantics of client-go's workqueue:
 *
 * - a key waiting in the queue is there once, however often it is added (dedup);
 * - a key is reconciled by at most one worker at a time; a key added while it is being
 *   reconciled is queued again, once, when that reconcile ends (so no change is missed and no
 *   two reconciles of one object race);
 * - `addAfter(key, ms)` delays an add (the earliest pending delay of a key wins);
 *   `addRateLimited(key)` delays it by the key's failure backoff (5 ms doubling to 1000 s);
 *   `forget(key)` resets that backoff;
 * - `run(reconcile)` starts up to `workers` concurrent reconciles. A reconcile that resolves
 *   forgets the key's failures and, given `{ requeueAfterMs }`, queues the key again after that
 *   delay; one that throws is retried with `addRateLimited`;
 * - `shutdown()` stops handing out keys, drops queued and delayed ones, and resolves when the
 *   reconciles in flight have finished. Adds after shutdown are ignored.
 *
 * Keys are strings; controllers use "namespace/name" (object-cache.ts `objectKey`).
 */
import { realClock, type Clock, type Timer } from "./clock.ts";
import { KubeError } from "./errors.ts";
import { ItemExponentialBackoff, type ItemRateLimiter } from "./item-backoff.ts";
import { silentLog, type Log } from "./log.ts";

export type ReconcileResult = { requeueAfterMs?: number } | void;

/** `signal` aborts only on `shutdown({ abortInFlight: true })`. */
export type Reconciler = (key: string, signal: AbortSignal) => Promise<ReconcileResult>;

export interface WorkQueueOptions {
  /** For logs. */
  name?: string;
  /** Concurrent reconciles (of different keys). Default 1. */
  workers?: number;
  clock?: Clock;
  rateLimiter?: ItemRateLimiter;
  log?: Log;
}

export interface ShutdownOptions {
  /** Abort the signal handed to reconciles in flight (they still get to finish). */
  abortInFlight?: boolean;
}

export class WorkQueue {
  readonly #name: string;
  readonly #workers: number;
  readonly #clock: Clock;
  readonly #limiter: ItemRateLimiter;
  readonly #log: Log;
  /** Waiting keys, in the order they became ready (a Set keeps insertion order). */
  readonly #queued = new Set<string>();
  readonly #processing = new Set<string>();
  /** Keys added while being processed: queued again when their reconcile ends. */
  readonly #dirty = new Set<string>();
  readonly #delayed = new Map<string, { due: number; timer: Timer }>();
  readonly #abort = new AbortController();
  #reconcile: Reconciler | undefined;
  #shuttingDown = false;
  #idle: Array<() => void> = [];

  constructor(options: WorkQueueOptions = {}) {
    this.#name = options.name ?? "workqueue";
    this.#workers = options.workers ?? 1;
    if (!(Number.isInteger(this.#workers) && this.#workers >= 1)) {
      throw new KubeError("InvalidArgument", `workers must be an integer >= 1, got ${this.#workers}`);
    }
    this.#clock = options.clock ?? realClock;
    this.#limiter = options.rateLimiter ?? new ItemExponentialBackoff();
    this.#log = options.log ?? silentLog;
  }

  add(key: string): void {
    if (this.#shuttingDown || this.#queued.has(key)) return;
    if (this.#processing.has(key)) {
      this.#dirty.add(key);
      return;
    }
    this.#queued.add(key);
    this.#pump();
  }

  addAfter(key: string, ms: number): void {
    if (this.#shuttingDown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const due = this.#clock.now() + ms;
    const pending = this.#delayed.get(key);
    if (pending && pending.due <= due) return;
    pending?.timer.cancel();
    const timer = this.#clock.after(ms, () => {
      this.#delayed.delete(key);
      this.add(key);
    });
    this.#delayed.set(key, { due, timer });
  }

  addRateLimited(key: string): void {
    this.addAfter(key, this.#limiter.when(key));
  }

  forget(key: string): void {
    this.#limiter.forget(key);
  }

  numRequeues(key: string): number {
    return this.#limiter.retries(key);
  }

  /** Keys ready and waiting for a worker. */
  get length(): number {
    return this.#queued.size;
  }

  /** Keys being reconciled right now. */
  get inFlight(): number {
    return this.#processing.size;
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /** Starts the workers. Call once. */
  run(reconcile: Reconciler): void {
    if (this.#reconcile) throw new KubeError("InvalidArgument", `work queue ${this.#name} is already running`);
    if (this.#shuttingDown) throw new KubeError("ShutDown", `work queue ${this.#name} is shut down`);
    this.#reconcile = reconcile;
    this.#pump();
  }

  async shutdown(options: ShutdownOptions = {}): Promise<void> {
    this.#shuttingDown = true;
    this.#queued.clear();
    this.#dirty.clear();
    for (const { timer } of this.#delayed.values()) timer.cancel();
    this.#delayed.clear();
    if (options.abortInFlight) this.#abort.abort(new KubeError("ShutDown", `work queue ${this.#name} shut down`));
    if (this.#processing.size === 0) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  #pump(): void {
    const reconcile = this.#reconcile;
    if (!reconcile) return;
    while (!this.#shuttingDown && this.#processing.size < this.#workers) {
      const key = this.#queued.values().next().value;
      if (key === undefined) return;
      this.#queued.delete(key);
      this.#processing.add(key);
      void this.#process(reconcile, key);
    }
  }

  async #process(reconcile: Reconciler, key: string): Promise<void> {
    try {
      const result = await reconcile(key, this.#abort.signal);
      this.forget(key);
      if (result?.requeueAfterMs !== undefined) this.addAfter(key, result.requeueAfterMs);
    } catch (err) {
      const retries = this.numRequeues(key);
      this.#log.warn({ queue: this.#name, key, err, retries }, "reconcile failed; requeued with backoff");
      this.addRateLimited(key);
    } finally {
      this.#done(key);
    }
  }

  #done(key: string): void {
    this.#processing.delete(key);
    if (this.#dirty.delete(key)) this.add(key);
    this.#pump();
    if (this.#shuttingDown && this.#processing.size === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }
}
