/**
 * Retry decorator: repeats an ObjectStore call that failed with a retryable error (errors.ts),
 * with the backoff of retry-policy.ts. What it can and cannot replay:
 * - put with a bytes body is retried; put with a stream body is not (a stream cannot be read
 *   twice) — the S3 store retries each multipart part itself;
 * - get is retried until the stream opens, and a stream that breaks mid-body is resumed with a
 *   ranged get from the first byte not yet delivered;
 * - a listing that breaks is restarted and skips what was already yielded.
 * A retried ifAbsent put that finds its key taken checks whether the object is its own earlier
 * attempt (same size and MD5 ETag) before reporting Conflict.
 */
import { createHash } from "node:crypto";
import { PassThrough, type Readable } from "node:stream";
import { StorageError, isRetryable } from "../errors.ts";
import { compareKeys } from "../keys.ts";
import type * as api from "../object-store.ts";
import { ForwardingStore } from "./forwarding-store.ts";
import { setTimeout as sleep } from "node:timers/promises";
import { backoffDelay, withRetries, type RetryPolicy } from "../retry-policy.ts";

export class RetryingStore extends ForwardingStore {
  private readonly policy: RetryPolicy;

  constructor(inner: api.ObjectStore, policy: RetryPolicy) {
    super(inner);
    this.policy = policy;
  }

  override async put(key: string, body: api.PutBody, options?: api.PutOptions): Promise<void> {
    if (!(body instanceof Uint8Array)) return this.inner.put(key, body, options);
    await withRetries(this.policy, async (attempt) => {
      try {
        await this.inner.put(key, body, options);
      } catch (err) {
        if (attempt > 1 && options?.ifAbsent && StorageError.is(err, "Conflict") && (await this.isOurs(key, body)))
          return;
        throw err;
      }
    });
  }

  private async isOurs(key: string, body: Uint8Array): Promise<boolean> {
    const info = await this.inner.stat(key).catch(() => undefined);
    if (!info || info.size !== body.byteLength) return false;
    return info.etag === undefined || info.etag === createHash("md5").update(body).digest("hex");
  }

  override get(key: string, range?: api.ByteRange): Promise<Readable> {
    return withRetries(this.policy, async () => this.resumable(key, range, await this.inner.get(key, range)));
  }

  /** Passes `first` through; if it breaks with a retryable error, continues from where it broke. */
  private resumable(key: string, range: api.ByteRange | undefined, first: Readable): Readable {
    const out = new PassThrough({ highWaterMark: 1024 * 1024 });
    const start = range?.offset ?? 0;
    let delivered = 0;
    let resumes = 0;
    const attach = (source: Readable): void => {
      source.on("data", (chunk: Buffer) => {
        delivered += chunk.length;
        if (!out.write(chunk)) source.pause();
      });
      out.on("drain", () => source.resume());
      source.on("end", () => out.end());
      source.on("error", (err) => {
        if (!isRetryable(err) || ++resumes >= this.policy.maxAttempts) {
          out.destroy(err);
          return;
        }
        const rest = range?.length === undefined ? undefined : range.length - delivered;
        const next = { offset: start + delivered, ...(rest === undefined ? {} : { length: rest }) };
        withRetries(this.policy, () => this.inner.get(key, next)).then(attach, (e: unknown) => out.destroy(e as Error));
      });
      out.on("close", () => source.destroy());
    };
    attach(first);
    return out;
  }

  override stat(key: string): Promise<api.ObjectInfo> {
    return withRetries(this.policy, () => this.inner.stat(key));
  }

  override async *list(options?: api.ListOptions): AsyncIterable<api.ListEntry> {
    let last: string | undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        for await (const entry of this.inner.list(options)) {
          const name = entry.kind === "object" ? entry.object.key : entry.prefix;
          if (last !== undefined && compareKeys(name, last) <= 0) continue;
          last = name;
          yield entry;
        }
        return;
      } catch (err) {
        if (!isRetryable(err) || attempt >= this.policy.maxAttempts) throw err;
        const delay = backoffDelay(this.policy, attempt);
        this.policy.onRetry?.(err, attempt, delay);
        await (this.policy.sleep ?? sleep)(delay);
      }
    }
  }

  override delete(key: string): Promise<void> {
    return withRetries(this.policy, () => this.inner.delete(key));
  }

  override deleteMany(keys: readonly string[]): Promise<void> {
    return withRetries(this.policy, () => this.inner.deleteMany(keys));
  }

  override presignGet(key: string, ttlSeconds: number): Promise<string> {
    return withRetries(this.policy, () => this.inner.presignGet(key, ttlSeconds));
  }
}
