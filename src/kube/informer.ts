/**
 * List-then-watch for one collection, with a local cache and event handlers: the controllers'
 * view of the cluster.
 *
 * Loop: list every page (limit/continue) → replace the cache, telling handlers what was added,
 * changed or has disappeared since the last list → watch from the list's resourceVersion,
 * applying each event to the cache and the handlers → when the server ends the watch, watch
 * again from the last resourceVersion seen. A 410 Gone from the watch (the resourceVersion is
 * too old) relists at once. Any other failure (a list error, a broken connection, a 403) is
 * retried after an exponential backoff with jitter, 1 s doubling to 30 s and reset by the next
 * success: client-node's ListWatch stops for good on such errors; this loop never does, until
 * `stop()`.
 *
 * Every `resyncMs` (± jitter) each cached object is handed to `onUpdate(obj, obj)` again, so
 * work that was waiting on something else is retried even when nothing changed.
 *
 * Handlers run synchronously on the informer's loop and must be quick (put a key on a work queue);
 * a throwing handler is logged and does not disturb the loop or the other handlers.
 */
import type { KubernetesObject } from "@kubernetes/client-node";
import { Backoff, jittered, type BackoffOptions } from "./backoff.ts";
import { realClock, type Clock, type Timer } from "./clock.ts";
import { KubeError } from "./errors.ts";
import type { ListWatchSource, WatchEvent } from "./list-watch.ts";
import { silentLog, type Log } from "./log.ts";
import { ObjectCache, objectKey } from "./object-cache.ts";

export interface EventHandlers<T> {
  onAdd?(obj: T): void;
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T): void;
}

export interface InformerOptions<T> {
  source: ListWatchSource<T>;
  /** For logs, e.g. the collection path. */
  name?: string;
  clock?: Clock;
  /** 0 disables resync. Default 10 min. */
  resyncMs?: number;
  /** Fraction of resyncMs added at random to each period. Default 0.1. */
  resyncJitter?: number;
  /** Items per list page. Default 500 (Velero's client page size). */
  pageSize?: number;
  /** Restart backoff; default 1 s doubling to 30 s with 20 % jitter. */
  backoff?: BackoffOptions;
  random?: () => number;
  log?: Log;
}

type Notification<T> = { kind: "add"; obj: T } | { kind: "update"; old: T; obj: T } | { kind: "delete"; obj: T };

export class Informer<T extends KubernetesObject> {
  readonly #source: ListWatchSource<T>;
  readonly #name: string;
  readonly #clock: Clock;
  readonly #resyncMs: number;
  readonly #resyncJitter: number;
  readonly #pageSize: number;
  readonly #backoff: Backoff;
  readonly #random: () => number;
  readonly #log: Log;
  readonly #handlers = new Set<EventHandlers<T>>();
  readonly #stop = new AbortController();
  #cache = new ObjectCache<T>();
  #resourceVersion: string | undefined;
  #synced = false;
  #syncWaiters: Array<(synced: boolean) => void> = [];
  #loop: Promise<void> | undefined;
  #resyncTimer: Timer | undefined;

  constructor(options: InformerOptions<T>) {
    this.#source = options.source;
    this.#name = options.name ?? "informer";
    this.#clock = options.clock ?? realClock;
    this.#resyncMs = options.resyncMs ?? 10 * 60_000;
    this.#resyncJitter = options.resyncJitter ?? 0.1;
    this.#pageSize = options.pageSize ?? 500;
    this.#random = options.random ?? Math.random;
    this.#backoff = new Backoff({ random: this.#random, ...options.backoff });
    this.#log = options.log ?? silentLog;
  }

  /**
   * Registers handlers; returns a function that unregisters them. Handlers added after the first
   * list get an `onAdd` for every object already cached, so they never miss one.
   */
  addEventHandler(handlers: EventHandlers<T>): () => void {
    this.#handlers.add(handlers);
    if (this.#synced) for (const obj of this.#cache.list()) this.#call(handlers, { kind: "add", obj });
    return () => void this.#handlers.delete(handlers);
  }

  /** Starts the list/watch loop; idempotent. An informer cannot be restarted after stop(). */
  start(): void {
    if (this.#loop || this.#stop.signal.aborted) return;
    this.#loop = this.#run();
    this.#scheduleResync();
  }

  /** Ends the watch and the resync timer; resolves once the loop has exited. */
  async stop(): Promise<void> {
    this.#stop.abort();
    this.#resyncTimer?.cancel();
    for (const waiter of this.#syncWaiters.splice(0)) waiter(false);
    await this.#loop;
  }

  /** True once the first full list has been applied to the cache. */
  hasSynced(): boolean {
    return this.#synced;
  }

  /** Resolves true once synced, false if the informer is stopped or `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.#synced) return Promise.resolve(true);
    if (this.#stop.signal.aborted || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (synced: boolean): void => {
        signal?.removeEventListener("abort", onAbort);
        resolve(synced);
      };
      const onAbort = (): void => {
        this.#syncWaiters = this.#syncWaiters.filter((w) => w !== done);
        resolve(false);
      };
      this.#syncWaiters.push(done);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  get(name: string, namespace?: string): T | undefined {
    return this.#cache.get(name, namespace);
  }

  getByKey(key: string): T | undefined {
    return this.#cache.getByKey(key);
  }

  list(namespace?: string): T[] {
    return this.#cache.list(namespace);
  }

  /** The resourceVersion the next watch starts from ("" before the first list). */
  lastSyncResourceVersion(): string {
    return this.#resourceVersion ?? "";
  }

  async #run(): Promise<void> {
    const signal = this.#stop.signal;
    while (!signal.aborted) {
      const delay = await this.#cycle(signal);
      if (delay > 0 && !(await this.#clock.sleep(delay, signal))) break;
    }
  }

  /** One list (when needed) and one watch; returns how long to wait before the next cycle. */
  async #cycle(signal: AbortSignal): Promise<number> {
    if (this.#resourceVersion === undefined) {
      try {
        await this.#relist(signal);
      } catch (err) {
        return this.#failed("list", err, signal);
      }
    }
    const started = this.#clock.now();
    let events = 0;
    try {
      await this.#source.watch({
        resourceVersion: this.#resourceVersion ?? "",
        signal,
        onEvent: (event) => {
          events++;
          this.#apply(event);
        },
      });
      // A watch the server ends at once, again and again, must not become a busy loop.
      const quick = events === 0 && this.#clock.now() - started < 1000;
      return quick && !signal.aborted ? this.#backoff.next() : 0;
    } catch (err) {
      if (!signal.aborted && KubeError.is(err, "Gone")) {
        this.#log.info({ informer: this.#name, rv: this.#resourceVersion }, "watch resourceVersion expired; relisting");
        this.#resourceVersion = undefined;
        return 0;
      }
      return this.#failed("watch", err, signal);
    }
  }

  #failed(what: string, err: unknown, signal: AbortSignal): number {
    if (signal.aborted) return 0;
    const delayMs = this.#backoff.next();
    this.#log.warn({ informer: this.#name, err, delayMs, attempt: this.#backoff.attempts }, `${what} failed; retrying`);
    return delayMs;
  }

  async #relist(signal: AbortSignal): Promise<void> {
    const items: T[] = [];
    let token: string | undefined;
    let resourceVersion: string;
    do {
      const page = await this.#source.list({ limit: this.#pageSize, continue: token, signal });
      items.push(...page.items);
      resourceVersion = page.resourceVersion;
      token = page.continue || undefined;
    } while (token !== undefined && !signal.aborted);
    if (signal.aborted) return;
    this.#replace(items);
    this.#resourceVersion = resourceVersion;
    this.#backoff.reset();
    this.#markSynced();
  }

  /** Swaps in a fresh cache and tells handlers the difference. */
  #replace(items: T[]): void {
    const previous = this.#cache;
    const next = new ObjectCache<T>();
    const notes: Notification<T>[] = [];
    for (const obj of items) {
      next.set(obj);
      const old = previous.delete(obj);
      if (!old) notes.push({ kind: "add", obj });
      else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion)
        notes.push({ kind: "update", old, obj });
    }
    for (const obj of previous.list()) notes.push({ kind: "delete", obj });
    this.#cache = next;
    for (const note of notes) this.#notify(note);
  }

  #markSynced(): void {
    if (this.#synced) return;
    this.#synced = true;
    for (const waiter of this.#syncWaiters.splice(0)) waiter(true);
  }

  #apply(event: WatchEvent<T>): void {
    this.#backoff.reset();
    const rv = event.object.metadata?.resourceVersion;
    if (rv) this.#resourceVersion = rv;
    if (event.type === "BOOKMARK") return;
    if (event.type === "DELETED") {
      this.#cache.delete(event.object);
      this.#notify({ kind: "delete", obj: event.object });
      return;
    }
    const old = this.#cache.set(event.object);
    this.#notify(old ? { kind: "update", old, obj: event.object } : { kind: "add", obj: event.object });
  }

  #scheduleResync(): void {
    if (this.#resyncMs <= 0 || this.#stop.signal.aborted) return;
    this.#resyncTimer = this.#clock.after(jittered(this.#resyncMs, this.#resyncJitter, this.#random), () => {
      if (this.#synced) for (const obj of this.#cache.list()) this.#notify({ kind: "update", old: obj, obj });
      this.#scheduleResync();
    });
  }

  #notify(note: Notification<T>): void {
    for (const handlers of [...this.#handlers]) this.#call(handlers, note);
  }

  #call(handlers: EventHandlers<T>, note: Notification<T>): void {
    try {
      if (note.kind === "add") handlers.onAdd?.(note.obj);
      else if (note.kind === "update") handlers.onUpdate?.(note.old, note.obj);
      else handlers.onDelete?.(note.obj);
    } catch (err) {
      this.#log.error({ informer: this.#name, err, key: objectKey(note.obj) }, `${note.kind} handler failed`);
    }
  }
}
