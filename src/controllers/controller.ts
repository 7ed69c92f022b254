/**
 * One controller = an informer on a collection + a work queue of "namespace/name" keys + a
 * reconcile function. Every add, update (including the informer's periodic resync) and delete
 * puts the object's key on the queue; the queue guarantees one reconcile per key at a time and
 * retries a throwing reconcile with backoff. Reconcilers re-read the object from the API server
 * (never trust a possibly stale cache for a phase guard) and decide from its phase.
 */
import type { KubernetesObject } from "@kubernetes/client-node";
import type { Clock } from "../kube/clock.ts";
import { Informer } from "../kube/informer.ts";
import type { ListWatchSource } from "../kube/list-watch.ts";
import type { Log } from "../kube/log.ts";
import { objectKey } from "../kube/object-cache.ts";
import { WorkQueue, type Reconciler } from "../kube/workqueue.ts";

export interface ControllerOptions<T> {
  name: string;
  source: ListWatchSource<T>;
  reconcile: Reconciler;
  log: Log;
  workers?: number;
  /** Default 5 min: a safety net; controllers that poll use requeueAfterMs. */
  resyncMs?: number;
  clock?: Clock;
  /** Only objects passing this are queued (e.g. skip finished ones). */
  wants?: (obj: T) => boolean;
}

export class Controller<T extends KubernetesObject> {
  readonly name: string;
  readonly informer: Informer<T>;
  readonly queue: WorkQueue;
  readonly #reconcile: Reconciler;

  constructor(options: ControllerOptions<T>) {
    this.name = options.name;
    this.#reconcile = options.reconcile;
    this.informer = new Informer<T>({
      source: options.source,
      name: options.name,
      resyncMs: options.resyncMs ?? 5 * 60_000,
      log: options.log,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    this.queue = new WorkQueue({
      name: options.name,
      workers: options.workers ?? 1,
      log: options.log,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    const wants = options.wants ?? (() => true);
    const enqueue = (obj: T): void => {
      if (wants(obj)) this.queue.add(objectKey(obj));
    };
    this.informer.addEventHandler({ onAdd: enqueue, onUpdate: (_old, obj) => enqueue(obj) });
  }

  /** Starts the informer, waits for its first list, then starts the workers. */
  async start(signal?: AbortSignal): Promise<boolean> {
    this.informer.start();
    const synced = await this.informer.waitForSync(signal);
    if (synced) this.queue.run(this.#reconcile);
    return synced;
  }

  async stop(): Promise<void> {
    await this.informer.stop();
    await this.queue.shutdown({ abortInFlight: true });
  }
}

/** "namespace/name" → name (controllers here watch one namespace). */
export function nameOf(key: string): string {
  const slash = key.indexOf("/");
  return slash < 0 ? key : key.slice(slash + 1);
}
