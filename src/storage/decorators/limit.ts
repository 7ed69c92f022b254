/**
 * Concurrency-limit decorator: at most `limit` ObjectStore calls in flight. A get holds its slot
 * until its stream has ended or been destroyed, since that is when its connection is free again;
 * a listing holds a slot while it fetches each entry.
 */
import type { Readable } from "node:stream";
import type * as api from "../object-store.ts";
import { ForwardingStore } from "./forwarding-store.ts";
import { Semaphore } from "../../util/semaphore.ts";

export class LimitedStore extends ForwardingStore {
  private readonly semaphore: Semaphore;

  constructor(inner: api.ObjectStore, limit: number) {
    super(inner);
    this.semaphore = new Semaphore(limit);
  }

  override put(key: string, body: api.PutBody, options?: api.PutOptions): Promise<void> {
    return this.semaphore.run(() => this.inner.put(key, body, options));
  }

  override async get(key: string, range?: api.ByteRange): Promise<Readable> {
    const release = await this.semaphore.acquire();
    try {
      const stream = await this.inner.get(key, range);
      stream.once("close", release);
      stream.once("end", release);
      return stream;
    } catch (err) {
      release();
      throw err;
    }
  }

  override stat(key: string): Promise<api.ObjectInfo> {
    return this.semaphore.run(() => this.inner.stat(key));
  }

  override async *list(options?: api.ListOptions): AsyncIterable<api.ListEntry> {
    const iterator = this.inner.list(options)[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await this.semaphore.run(() => iterator.next());
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.();
    }
  }

  override delete(key: string): Promise<void> {
    return this.semaphore.run(() => this.inner.delete(key));
  }

  override deleteMany(keys: readonly string[]): Promise<void> {
    return this.semaphore.run(() => this.inner.deleteMany(keys));
  }

  override presignGet(key: string, ttlSeconds: number): Promise<string> {
    return this.semaphore.run(() => this.inner.presignGet(key, ttlSeconds));
  }
}
