/**
 * The ObjectStore on any S3-compatible service (AWS S3, MinIO, Ceph RGW, Garage, SeaweedFS…)
 * with @aws-sdk/client-s3 v3. Choices that make it work beyond AWS:
 * - checksum calculation and validation WHEN_REQUIRED unless a checksumAlgorithm is configured
 *   (the 2025 SDK default of always-on CRC32 trailers breaks many third-party stores), with
 *   Content-MD5 on every upload instead, which every S3 implementation verifies;
 * - the SDK's own retries are off (maxAttempts 1): retries are the retry decorator's and, for
 *   multipart parts, this store's — one policy, one place;
 * - keep-alive agents with a configurable socket pool; a separate client for presigned URLs
 *   when publicUrl differs from the endpoint.
 * Bodies of unknown or large size go up as multipart uploads in buffered parts, so each part can
 * be retried; a failed multipart upload is aborted.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type ChecksumAlgorithm,
  type CompletedPart,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { createHash } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { PassThrough, Readable } from "node:stream";
import { checkLength, clipRange } from "../body.ts";
import { StorageError } from "../errors.ts";
import { validateKey } from "../keys.ts";
import type * as api from "../object-store.ts";
import { withRetries } from "../retry-policy.ts";
import type { S3StoreConfig } from "./s3-config.ts";
import { toStorageError } from "./s3-errors.ts";
import { readParts } from "./parts.ts";

const maxPresignSeconds = 7 * 24 * 3600;

function md5Base64(bytes: Uint8Array): string {
  return createHash("md5").update(bytes).digest("base64");
}

export class S3Store implements api.ObjectStore {
  readonly capabilities = { presign: true, atomicIfAbsent: true };
  readonly description: string;
  private readonly config: S3StoreConfig;
  private readonly client: S3Client;
  private readonly presignClient: S3Client;
  private readonly root: string;

  constructor(config: S3StoreConfig) {
    this.config = config;
    this.root = config.prefix ? `${config.prefix}/` : "";
    this.description = `s3://${config.bucket}/${config.prefix}${config.endpoint ? ` at ${config.endpoint}` : ""}`;
    this.client = this.makeClient(config.endpoint);
    this.presignClient = config.publicUrl ? this.makeClient(config.publicUrl) : this.client;
  }

  private makeClient(endpoint: string | undefined): S3Client {
    const c = this.config;
    const agentOptions = { keepAlive: true, maxSockets: c.maxSockets };
    const checksums = c.checksumAlgorithm === "" ? "WHEN_REQUIRED" : "WHEN_SUPPORTED";
    return new S3Client({
      region: c.region,
      ...(endpoint ? { endpoint } : {}),
      forcePathStyle: c.forcePathStyle,
      credentials: c.credentials,
      maxAttempts: 1,
      requestChecksumCalculation: checksums,
      responseChecksumValidation: checksums,
      requestHandler: new NodeHttpHandler({
        httpAgent: new http.Agent(agentOptions),
        httpsAgent: new https.Agent({
          ...agentOptions,
          rejectUnauthorized: !c.insecureSkipTLSVerify,
          ...(c.caCert ? { ca: c.caCert } : {}),
        }),
        connectionTimeout: c.connectTimeoutMs,
        // socketTimeout is the idle timeout (no bytes for this long); smithy's requestTimeout
        // caps the whole request, which would cut off large transfers
        socketTimeout: c.idleTimeoutMs,
      }),
    });
  }

  private fullKey(key: string): string {
    validateKey(key);
    return this.root + key;
  }

  private fail(err: unknown, key?: string): StorageError {
    return toStorageError(err, { ...(key === undefined ? {} : { key }), where: this.description });
  }

  private checksumFields(bytes: Uint8Array): {
    ContentMD5?: string;
    ChecksumAlgorithm?: ChecksumAlgorithm;
  } {
    const algorithm = this.config.checksumAlgorithm;
    return algorithm === "" ? { ContentMD5: md5Base64(bytes) } : { ChecksumAlgorithm: algorithm };
  }

  async put(key: string, body: api.PutBody, options: api.PutOptions = {}): Promise<void> {
    const fullKey = this.fullKey(key);
    if (body instanceof Uint8Array) {
      checkLength(key, body.byteLength, options.length);
      await this.putSingle(fullKey, key, body, options);
      return;
    }
    const parts = readParts(body, this.config.partSizeBytes);
    const first = await parts.next();
    const second = first.done ? undefined : await parts.next();
    if (first.done || second?.done) {
      const bytes = first.done ? Buffer.alloc(0) : first.value;
      checkLength(key, bytes.length, options.length);
      await this.putSingle(fullKey, key, bytes, options);
      return;
    }
    await this.putMultipart(fullKey, key, { first: first.value, second: second?.value, rest: parts }, options);
  }

  private async putSingle(fullKey: string, key: string, bytes: Uint8Array, options: api.PutOptions): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.config.bucket,
          Key: fullKey,
          Body: bytes,
          ContentLength: bytes.byteLength,
          ContentType: options.contentType ?? "application/octet-stream",
          ...(options.ifAbsent ? { IfNoneMatch: "*" } : {}),
          ...this.checksumFields(bytes),
        }),
      );
    } catch (err) {
      throw this.conflictOr(err, key, options);
    }
  }

  private conflictOr(err: unknown, key: string, options: api.PutOptions): StorageError {
    const mapped = this.fail(err, key);
    if (options.ifAbsent && mapped.code === "Conflict") {
      return new StorageError("Conflict", `object "${key}" already exists in ${this.description}`, {
        key,
        cause: err,
      });
    }
    return mapped;
  }

  private async putMultipart(
    fullKey: string,
    key: string,
    parts: { first: Buffer; second: Buffer | undefined; rest: AsyncIterator<Buffer> },
    options: api.PutOptions,
  ): Promise<void> {
    const bucket = this.config.bucket;
    let uploadId: string | undefined;
    try {
      const created = await withRetries(this.config.partRetry, () =>
        this.client
          .send(
            new CreateMultipartUploadCommand({
              Bucket: bucket,
              Key: fullKey,
              ContentType: options.contentType ?? "application/octet-stream",
              ...(this.config.checksumAlgorithm === "" ? {} : { ChecksumAlgorithm: this.config.checksumAlgorithm }),
            }),
          )
          .catch((err: unknown) => Promise.reject(this.fail(err, key))),
      );
      uploadId = created.UploadId;
      if (!uploadId) throw new StorageError("ServerError", `no upload id for "${key}"`, { key });
      const { completed, total } = await this.uploadParts(fullKey, key, uploadId, parts);
      checkLength(key, total, options.length);
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: fullKey,
          UploadId: uploadId,
          MultipartUpload: { Parts: completed },
          ...(options.ifAbsent ? { IfNoneMatch: "*" } : {}),
        }),
      );
    } catch (err) {
      if (uploadId) {
        await this.client
          .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: fullKey, UploadId: uploadId }))
          .catch(() => undefined);
      }
      throw this.conflictOr(err, key, options);
    }
  }

  /** Uploads parts in order with up to partConcurrency in flight; each part is retried alone. */
  private async uploadParts(
    fullKey: string,
    key: string,
    uploadId: string,
    parts: { first: Buffer; second: Buffer | undefined; rest: AsyncIterator<Buffer> },
  ): Promise<{ completed: CompletedPart[]; total: number }> {
    const completed: CompletedPart[] = [];
    const inFlight = new Set<Promise<void>>();
    let total = 0;
    let partNumber = 0;
    const send = (bytes: Buffer): void => {
      const number = ++partNumber;
      total += bytes.length;
      const task = withRetries(this.config.partRetry, async () => {
        try {
          const res = await this.client.send(
            new UploadPartCommand({
              Bucket: this.config.bucket,
              Key: fullKey,
              UploadId: uploadId,
              PartNumber: number,
              Body: bytes,
              ContentLength: bytes.length,
              ...this.checksumFields(bytes),
            }),
          );
          completed[number - 1] = { PartNumber: number, ETag: res.ETag, ...checksumOf(res) };
        } catch (err) {
          throw this.fail(err, key);
        }
      });
      const tracked: Promise<void> = task.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    };
    const pending = [parts.first, parts.second].filter((p): p is Buffer => p !== undefined);
    const source = async function* () {
      yield* pending;
      for (let next = await parts.rest.next(); !next.done; next = await parts.rest.next()) yield next.value;
    };
    for await (const bytes of source()) {
      send(bytes);
      if (inFlight.size >= this.config.partConcurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    return { completed, total };
  }

  async get(key: string, range?: api.ByteRange): Promise<Readable> {
    const fullKey = this.fullKey(key);
    if (range) clipRange(Number.MAX_SAFE_INTEGER, range); // validates the numbers
    if (range?.length === 0) {
      await this.stat(key);
      return Readable.from([]);
    }
    const rangeHeader = range
      ? `bytes=${range.offset}-${range.length === undefined ? "" : range.offset + range.length - 1}`
      : undefined;
    try {
      const res = await this.client.send(
        new GetObjectCommand({
          Bucket: this.config.bucket,
          Key: fullKey,
          ...(rangeHeader ? { Range: rangeHeader } : {}),
        }),
      );
      return this.guardBody(res.Body as Readable, key);
    } catch (err) {
      const mapped = this.fail(err, key);
      // a range that starts at or past the end of an existing object reads as empty
      if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 416) {
        return Readable.from([]);
      }
      throw mapped;
    }
  }

  /** Re-raises socket errors in the body as StorageErrors, so callers see one error type. */
  private guardBody(body: Readable, key: string): Readable {
    const out = new PassThrough({ highWaterMark: 1024 * 1024 });
    body.on("error", (err) => out.destroy(this.fail(err, key)));
    out.on("close", () => {
      if (!body.destroyed) body.destroy();
    });
    body.pipe(out);
    return out;
  }

  async stat(key: string): Promise<api.ObjectInfo> {
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: this.fullKey(key) }));
      return {
        key,
        size: res.ContentLength ?? 0,
        lastModified: res.LastModified ?? new Date(0),
        ...(res.ETag ? { etag: res.ETag.replaceAll('"', "") } : {}),
      };
    } catch (err) {
      throw this.fail(err, key);
    }
  }

  async *list(options: api.ListOptions = {}): AsyncIterable<api.ListEntry> {
    const prefix = this.root + (options.prefix ?? "");
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.config.bucket,
            Prefix: prefix,
            ...(options.delimiter ? { Delimiter: options.delimiter } : {}),
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
      } catch (err) {
        throw this.fail(err);
      }
      yield* this.pageEntries(page.Contents ?? [], page.CommonPrefixes ?? []);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** One page's objects and common prefixes, merged into key order, relative to the root. */
  private pageEntries(
    contents: { Key?: string; Size?: number; LastModified?: Date; ETag?: string }[],
    prefixes: { Prefix?: string }[],
  ): api.ListEntry[] {
    const entries: (api.ListEntry & { sortKey: string })[] = [];
    for (const c of contents) {
      if (!c.Key) continue;
      const key = c.Key.slice(this.root.length);
      entries.push({
        kind: "object",
        sortKey: key,
        object: {
          key,
          size: c.Size ?? 0,
          lastModified: c.LastModified ?? new Date(0),
          ...(c.ETag ? { etag: c.ETag.replaceAll('"', "") } : {}),
        },
      });
    }
    for (const p of prefixes) {
      if (p.Prefix)
        entries.push({
          kind: "prefix",
          prefix: p.Prefix.slice(this.root.length),
          sortKey: p.Prefix.slice(this.root.length),
        });
    }
    entries.sort((a, b) => Buffer.compare(Buffer.from(a.sortKey), Buffer.from(b.sortKey)));
    return entries.map(({ sortKey: _sortKey, ...entry }) => entry);
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.fullKey(key) }));
    } catch (err) {
      const mapped = this.fail(err, key);
      if (mapped.code !== "NotFound") throw mapped;
    }
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      let res;
      try {
        res = await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.config.bucket,
            Delete: { Objects: batch.map((k) => ({ Key: this.fullKey(k) })), Quiet: true },
          }),
        );
      } catch (err) {
        throw this.fail(err, batch[0]);
      }
      const failed = (res.Errors ?? []).filter((e) => e.Code !== "NoSuchKey");
      if (failed.length > 0) {
        const first = failed[0];
        const key = (first?.Key ?? "").slice(this.root.length);
        throw this.fail({ name: first?.Code, message: first?.Message }, key);
      }
    }
  }

  async presignGet(key: string, ttlSeconds: number): Promise<string> {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > maxPresignSeconds) {
      throw new StorageError("InvalidArgument", `presign ttl: ${ttlSeconds} s is not between 1 s and 7 days`, { key });
    }
    try {
      return await getSignedUrl(
        this.presignClient,
        new GetObjectCommand({ Bucket: this.config.bucket, Key: this.fullKey(key) }),
        { expiresIn: ttlSeconds },
      );
    } catch (err) {
      throw this.fail(err, key);
    }
  }

  destroy(): void {
    this.client.destroy();
    if (this.presignClient !== this.client) this.presignClient.destroy();
  }
}

type PartChecksums = Pick<
  CompletedPart,
  "ChecksumCRC32" | "ChecksumCRC32C" | "ChecksumSHA1" | "ChecksumSHA256" | "ChecksumCRC64NVME"
>;

/** The part checksums CompleteMultipartUpload must repeat when a checksum algorithm is used. */
function checksumOf(res: PartChecksums): PartChecksums {
  const out: PartChecksums = {};
  for (const field of [
    "ChecksumCRC32",
    "ChecksumCRC32C",
    "ChecksumSHA1",
    "ChecksumSHA256",
    "ChecksumCRC64NVME",
  ] as const) {
    if (res[field]) out[field] = res[field];
  }
  return out;
}
