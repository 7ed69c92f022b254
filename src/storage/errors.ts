/**
 * Typed storage errors. Every failure an ObjectStore reports is a StorageError with a stable
 * `code` a caller can switch on, the key (when there is one) and the underlying cause. Which
 * codes are worth retrying is decided here, once, for every store and decorator.
 */

import { isBrandedWithCode } from "../util/brand.ts";

export const storageErrorCodes = [
  "NotFound",
  "AccessDenied",
  "InvalidCredentials",
  "BucketNotFound",
  "Throttled",
  "Network",
  "Timeout",
  "ServerError",
  "ChecksumMismatch",
  "Conflict",
  "InvalidArgument",
  "Unsupported",
] as const;

export type StorageErrorCode = (typeof storageErrorCodes)[number];

const brand = Symbol.for("lifeboat.StorageError");

export class StorageError extends Error {
  readonly code: StorageErrorCode;
  readonly key: string | undefined;
  readonly [brand] = true;

  constructor(code: StorageErrorCode, message: string, opts: { key?: string; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = "StorageError";
    this.code = code;
    this.key = opts.key;
  }

  /** Works across duplicate copies of this module (instanceof would not). */
  static is(err: unknown, code?: StorageErrorCode): err is StorageError {
    return isBrandedWithCode(err, brand, code);
  }
}

const retryableCodes: ReadonlySet<StorageErrorCode> = new Set(["Throttled", "Network", "Timeout", "ServerError"]);

/** Transient failures: throttling, 5xx, resets and timeouts. Never NotFound or AccessDenied. */
export function isRetryable(err: unknown): boolean {
  return StorageError.is(err) && retryableCodes.has(err.code);
}

export function notFound(key: string, cause?: unknown): StorageError {
  return new StorageError("NotFound", `object "${key}" does not exist`, { key, cause });
}
