/**
 * The ObjectStore interface: the one narrow door through which Lifeboat reads and writes object
 * storage. Keys are relative to the store's root (a BackupStorageLocation's bucket + prefix) and
 * use "/" as the folder separator. Every implementation passes the same conformance suite
 * (conformance.ts), and cross-cutting behaviour (retries, concurrency limits, metrics) is added
 * by decorators over this same interface (compose.ts).
 *
 * Contract:
 * - Failures are StorageError with a stable code (errors.ts); nothing else escapes.
 * - `put` stores the whole body or nothing: a reader never sees a partial object. With
 *   `ifAbsent` it fails with `Conflict` when the key exists (S3 If-None-Match; a store that
 *   cannot do it atomically says so in `capabilities.atomicIfAbsent`). A body whose length
 *   differs from the declared `length` fails with `ChecksumMismatch` and stores nothing.
 * - `get` streams the object, or the byte range [offset, offset+length) clipped to its end; a
 *   range that starts at or past the end yields no bytes. Missing key: `NotFound`. The caller
 *   must consume or destroy the stream.
 * - `list` yields objects and common prefixes (with `delimiter`) in ascending UTF-8 byte order of
 *   their keys, paginating internally. A common prefix ends with the delimiter.
 * - `delete` of a missing key succeeds; `deleteMany` is `delete` for many keys.
 * - `presignGet` returns a URL any HTTP client can GET for `ttlSeconds` without credentials, or
 *   fails with `Unsupported` where the store has no HTTP endpoint (`capabilities.presign`).
 */
import type { Readable } from "node:stream";

export interface ObjectInfo {
  key: string;
  size: number;
  lastModified: Date;
  etag?: string;
}

export type ListEntry = { kind: "object"; object: ObjectInfo } | { kind: "prefix"; prefix: string };

export interface ListOptions {
  prefix?: string;
  delimiter?: string;
}

export interface PutOptions {
  /** Bytes in a stream body; required for streams of known size, absent when unknown. */
  length?: number;
  contentType?: string;
  ifAbsent?: boolean;
}

export interface ByteRange {
  offset: number;
  /** Absent: to the end of the object. */
  length?: number;
}

export type PutBody = Uint8Array | Readable;

export interface StoreCapabilities {
  presign: boolean;
  atomicIfAbsent: boolean;
}

export interface ObjectStore {
  /** A short description for logs and errors, e.g. "s3://bucket/prefix at http://minio:9000". */
  readonly description: string;
  readonly capabilities: StoreCapabilities;
  put(key: string, body: PutBody, options?: PutOptions): Promise<void>;
  get(key: string, range?: ByteRange): Promise<Readable>;
  stat(key: string): Promise<ObjectInfo>;
  list(options?: ListOptions): AsyncIterable<ListEntry>;
  delete(key: string): Promise<void>;
  deleteMany(keys: readonly string[]): Promise<void>;
  presignGet(key: string, ttlSeconds: number): Promise<string>;
}
