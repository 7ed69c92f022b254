/**
 * An ObjectStore in memory, for unit tests of the engines. It keeps the same contract as the
 * real stores (conformance.ts runs against it) but has no HTTP endpoint, so it cannot presign.
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { clipRange, collectBody, streamOf } from "../body.ts";
import { StorageError, notFound } from "../errors.ts";
import { compareKeys, groupByDelimiter, validateKey } from "../keys.ts";
import type * as api from "../object-store.ts";

interface StoredObject {
  data: Buffer;
  info: api.ObjectInfo;
}

export class MemoryStore implements api.ObjectStore {
  readonly description = "memory";
  readonly capabilities = { presign: false, atomicIfAbsent: true };
  private readonly objects = new Map<string, StoredObject>();
  private readonly now: () => Date;

  constructor(opts: { now?: () => Date } = {}) {
    this.now = opts.now ?? (() => new Date());
  }

  async put(key: string, body: api.PutBody, options: api.PutOptions = {}): Promise<void> {
    validateKey(key);
    const data = await collectBody(key, body, options.length);
    if (options.ifAbsent && this.objects.has(key)) {
      throw new StorageError("Conflict", `object "${key}" already exists`, { key });
    }
    const etag = createHash("md5").update(data).digest("hex");
    this.objects.set(key, {
      data,
      info: { key, size: data.length, lastModified: this.now(), etag },
    });
  }

  get(key: string, range?: api.ByteRange): Promise<Readable> {
    const object = this.objects.get(key);
    if (!object) return Promise.reject(notFound(key));
    const { start, end } = clipRange(object.data.length, range);
    return Promise.resolve(streamOf(object.data.subarray(start, end)));
  }

  stat(key: string): Promise<api.ObjectInfo> {
    const object = this.objects.get(key);
    return object ? Promise.resolve({ ...object.info }) : Promise.reject(notFound(key));
  }

  list(options: api.ListOptions = {}): AsyncIterable<api.ListEntry> {
    const prefix = options.prefix ?? "";
    const infos = [...this.objects.values()]
      .map((o) => ({ ...o.info }))
      .filter((info) => info.key.startsWith(prefix))
      .sort((a, b) => compareKeys(a.key, b.key));
    return groupByDelimiter(infos, prefix, options.delimiter);
  }

  delete(key: string): Promise<void> {
    this.objects.delete(key);
    return Promise.resolve();
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    for (const key of keys) await this.delete(key);
  }

  presignGet(key: string): Promise<string> {
    return Promise.reject(new StorageError("Unsupported", "the memory store has no HTTP endpoint to presign", { key }));
  }
}
