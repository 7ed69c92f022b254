/**
 * An ObjectStore seen from one of its folders: every key is taken relative to `prefix`, so the
 * repository engine, which knows nothing of bucket layouts, works on `<prefix>/restic/<ns>` as if
 * it were the whole store. It lets all the repositories of a location share one store (one
 * connection pool, one set of retries and limits) instead of opening one per namespace.
 */
import type { Readable } from "node:stream";
import { ForwardingStore } from "../storage/decorators/forwarding-store.ts";
import type * as api from "../storage/object-store.ts";

export class PrefixedStore extends ForwardingStore {
  readonly #prefix: string;

  /** `prefix` is a folder of `inner`, e.g. "restic/shop" (a trailing "/" is added). */
  constructor(inner: api.ObjectStore, prefix: string) {
    super(inner);
    this.#prefix = prefix.replace(/^\/+|\/+$/g, "") + "/";
  }

  override get description(): string {
    return `${this.inner.description} (folder ${this.#prefix.slice(0, -1)})`;
  }

  #strip(key: string): string {
    return key.startsWith(this.#prefix) ? key.slice(this.#prefix.length) : key;
  }

  override put(key: string, body: api.PutBody, options?: api.PutOptions): Promise<void> {
    return this.inner.put(this.#prefix + key, body, options);
  }

  override get(key: string, range?: api.ByteRange): Promise<Readable> {
    return this.inner.get(this.#prefix + key, range);
  }

  override async stat(key: string): Promise<api.ObjectInfo> {
    const info = await this.inner.stat(this.#prefix + key);
    return { ...info, key: this.#strip(info.key) };
  }

  override async *list(options: api.ListOptions = {}): AsyncIterable<api.ListEntry> {
    const inner = this.inner.list({ ...options, prefix: this.#prefix + (options.prefix ?? "") });
    for await (const entry of inner) {
      if (entry.kind === "object")
        yield { kind: "object", object: { ...entry.object, key: this.#strip(entry.object.key) } };
      else yield { kind: "prefix", prefix: this.#strip(entry.prefix) };
    }
  }

  override delete(key: string): Promise<void> {
    return this.inner.delete(this.#prefix + key);
  }

  override deleteMany(keys: readonly string[]): Promise<void> {
    return this.inner.deleteMany(keys.map((k) => this.#prefix + k));
  }

  override presignGet(key: string, ttlSeconds: number): Promise<string> {
    return this.inner.presignGet(this.#prefix + key, ttlSeconds);
  }
}
