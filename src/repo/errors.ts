/**
 * Typed errors of the repository engine, with stable codes a caller (the CLI, the node agent)
 * can switch on. Storage failures stay StorageErrors (src/storage/errors.ts); these are the
 * repository's own: wrong password, tampered or corrupt data, format violations, locks.
 */

import { isBrandedWithCode } from "../util/brand.ts";

export const repoErrorCodes = [
  "WrongPassword",
  "Unauthenticated",
  "InvalidFormat",
  "UnsupportedVersion",
  "NotARepository",
  "AlreadyExists",
  "BlobNotFound",
  "SnapshotNotFound",
  "Locked",
  "InvalidArgument",
] as const;

export type RepoErrorCode = (typeof repoErrorCodes)[number];

const brand = Symbol.for("lifeboat.RepoError");

export class RepoError extends Error {
  readonly code: RepoErrorCode;
  readonly [brand] = true;

  constructor(code: RepoErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "RepoError";
    this.code = code;
  }

  static is(err: unknown, code?: RepoErrorCode): err is RepoError {
    return isBrandedWithCode(err, brand, code);
  }
}
