/**
 * The base of every decorator: an ObjectStore that forwards each call to the store it wraps.
 * A decorator overrides only the calls it changes.
 */
import type { Readable } from "node:stream";
import type * as api from "../object-store.ts";

export class ForwardingStore implements api.ObjectStore {
  protected readonly inner: api.ObjectStore;

  constructor(inner: api.ObjectStore) {
    this.inner = inner;
  }

  get description(): string {
    return this.inner.description;
  }

  get capabilities(): api.ObjectStore["capabilities"] {
    return this.inner.capabilities;
  }

  put(key: string, body: api.PutBody, options?: api.PutOptions): Promise<void> {
    return this.inner.put(key, body, options);
  }

  get(key: string, range?: api.ByteRange): Promise<Readable> {
    return this.inner.get(key, range);
  }

  stat(key: string): Promise<api.ObjectInfo> {
    return this.inner.stat(key);
  }

  list(options?: api.ListOptions): AsyncIterable<api.ListEntry> {
    return this.inner.list(options);
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }

  deleteMany(keys: readonly string[]): Promise<void> {
    return this.inner.deleteMany(keys);
  }

  presignGet(key: string, ttlSeconds: number): Promise<string> {
    return this.inner.presignGet(key, ttlSeconds);
  }
}
