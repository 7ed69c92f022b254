/**
 * Typed errors of the backup engine. Only what fails a whole run is thrown (a request that
 * cannot be run, discovery of the whole API failing, the tarball not being written, the run
 * being cancelled); problems with single items go to the run's results instead.
 */
import { isBrandedWithCode } from "../util/brand.ts";

export const backupErrorCodes = [
  /** The request cannot be run (a malformed glob or selector); the message names the field. */
  "InvalidRequest",
  /** `/api` or `/apis` could not be read, so nothing is known about what to back up. */
  "DiscoveryFailed",
  /** Writing the tarball into the work folder failed (disk full, permissions…). */
  "TarballWriteFailed",
  /** The run's AbortSignal fired. */
  "Aborted",
] as const;

export type BackupErrorCode = (typeof backupErrorCodes)[number];

const brand = Symbol.for("lifeboat.BackupError");

export class BackupError extends Error {
  readonly code: BackupErrorCode;
  readonly [brand] = true;

  constructor(code: BackupErrorCode, message: string, opts: { cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = "BackupError";
    this.code = code;
  }

  static is(err: unknown, code?: BackupErrorCode): err is BackupError {
    return isBrandedWithCode(err, brand, code);
  }
}
