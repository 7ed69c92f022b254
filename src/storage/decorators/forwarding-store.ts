/**
 * The base of every decorator: an ObjectStore that forwards each call to the store it wraps.
 * A decorator overrides only the calls it changes.
 */
import type { Readable } from "node:stream";
import type {
  ByteRange,
  ListEntry,
  ListOptions,
  ObjectInfo,
  ObjectStore,
  PutBody,
  PutOptions,
} from "../object-store.ts";

export class ForwardingStore implements ObjectStore {
  protected readonly inner: ObjectStore;

  constructor(inner: ObjectStore) {
    this.inner = inner;
  }

  get description(): string {
    return this.inner.description;
  }

  get capabilities(): ObjectStore["capabilities"] {
    return this.inner.capabilities;
  }

  put(key: string, body: PutBody, options?: PutOptions): Promise<void> {
    return this.inner.put(key, body, options);
  }

  get(key: string, range?: ByteRange): Promise<Readable> {
    return this.inner.get(key, range);
  }

  stat(key: string): Promise<ObjectInfo> {
    return this.inner.stat(key);
  }

  list(options?: ListOptions): AsyncIterable<ListEntry> {
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
