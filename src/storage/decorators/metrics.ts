/**
 * Metrics decorator: counts every ObjectStore call by operation and outcome (ok or the error
 * code), and the bytes written and read, as Prometheus counters in the registry it is given
 * (the server's /metrics endpoint exposes that registry). Placed inside the retry decorator, it
 * counts each attempt, so throttling and resets show up even when a retry hides them.
 */
import { Counter, type Registry } from "prom-client";
import { Transform, type Readable } from "node:stream";
import { StorageError } from "../errors.ts";
import type * as api from "../object-store.ts";
import { ForwardingStore } from "./forwarding-store.ts";

export interface StoreCounters {
  operations: Counter<"store" | "operation" | "result">;
  bytes: Counter<"store" | "direction">;
}

/** Creates the counters once per registry (prom-client refuses duplicate names). */
export function storeCounters(registry: Registry): StoreCounters {
  const existing = registry.getSingleMetric("lifeboat_object_store_operations_total");
  if (existing) {
    return {
      operations: existing as Counter<"store" | "operation" | "result">,
      bytes: registry.getSingleMetric("lifeboat_object_store_bytes_total") as Counter<"store" | "direction">,
    };
  }
  return {
    operations: new Counter({
      name: "lifeboat_object_store_operations_total",
      help: "Object store calls by operation and result (ok, or the error code)",
      labelNames: ["store", "operation", "result"],
      registers: [registry],
    }),
    bytes: new Counter({
      name: "lifeboat_object_store_bytes_total",
      help: "Bytes written to (out) and read from (in) object storage",
      labelNames: ["store", "direction"],
      registers: [registry],
    }),
  };
}

export class MeteredStore extends ForwardingStore {
  private readonly counters: StoreCounters;
  private readonly store: string;

  constructor(inner: api.ObjectStore, counters: StoreCounters, storeLabel: string) {
    super(inner);
    this.counters = counters;
    this.store = storeLabel;
  }

  private async count<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    try {
      const result = await fn();
      this.counters.operations.inc({ store: this.store, operation, result: "ok" });
      return result;
    } catch (err) {
      this.counters.operations.inc({
        store: this.store,
        operation,
        result: StorageError.is(err) ? err.code : "unknown",
      });
      throw err;
    }
  }

  private countBytes(direction: "in" | "out"): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        this.counters.bytes.inc({ store: this.store, direction }, chunk.length);
        done(null, chunk);
      },
    });
  }

  override put(key: string, body: api.PutBody, options?: api.PutOptions): Promise<void> {
    if (body instanceof Uint8Array) {
      return this.count("put", async () => {
        await this.inner.put(key, body, options);
        this.counters.bytes.inc({ store: this.store, direction: "out" }, body.byteLength);
      });
    }
    return this.count("put", () => this.inner.put(key, body.pipe(this.countBytes("out")), options));
  }

  override get(key: string, range?: api.ByteRange): Promise<Readable> {
    return this.count("get", async () => {
      const stream = await this.inner.get(key, range);
      const counted = this.countBytes("in");
      stream.on("error", (err) => {
        this.counters.operations.inc({
          store: this.store,
          operation: "get-body",
          result: StorageError.is(err) ? err.code : "unknown",
        });
        counted.destroy(err);
      });
      counted.on("close", () => stream.destroy());
      return stream.pipe(counted);
    });
  }

  override stat(key: string): Promise<api.ObjectInfo> {
    return this.count("stat", () => this.inner.stat(key));
  }

  override async *list(options?: api.ListOptions): AsyncIterable<api.ListEntry> {
    try {
      yield* this.inner.list(options);
      this.counters.operations.inc({ store: this.store, operation: "list", result: "ok" });
    } catch (err) {
      this.counters.operations.inc({
        store: this.store,
        operation: "list",
        result: StorageError.is(err) ? err.code : "unknown",
      });
      throw err;
    }
  }

  override delete(key: string): Promise<void> {
    return this.count("delete", () => this.inner.delete(key));
  }

  override deleteMany(keys: readonly string[]): Promise<void> {
    return this.count("deleteMany", () => this.inner.deleteMany(keys));
  }

  override presignGet(key: string, ttlSeconds: number): Promise<string> {
    return this.count("presignGet", () => this.inner.presignGet(key, ttlSeconds));
  }
}
