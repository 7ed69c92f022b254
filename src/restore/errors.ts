/**
 * Typed errors of the restore engine, with stable codes the restore controller can switch on
 * to choose a failure reason. Per-item failures are not errors of the run: they are recorded
 * in the run's results and the outcome; only what stops the whole restore is thrown.
 */

import { isBrandedWithCode } from "../util/brand.ts";

export const restoreErrorCodes = [
  /** the tarball is not a gzip'd tar, is truncated, or holds an unsafe path */
  "BadTarball",
  /** metadata/version names a format major version this engine does not read */
  "UnsupportedFormat",
  /** a field of the RestoreRequest is invalid (the message names it) */
  "InvalidRequest",
  /** the run was cancelled through its AbortSignal */
  "Aborted",
] as const;

export type RestoreErrorCode = (typeof restoreErrorCodes)[number];

const brand = Symbol.for("lifeboat.RestoreError");

export class RestoreError extends Error {
  readonly code: RestoreErrorCode;
  readonly [brand] = true;

  constructor(code: RestoreErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "RestoreError";
    this.code = code;
  }

  static is(err: unknown, code?: RestoreErrorCode): err is RestoreError {
    return isBrandedWithCode(err, brand, code);
  }
}

/** Throws RestoreError("Aborted") when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RestoreError("Aborted", "restore cancelled", { cause: signal.reason });
}
