/**
 * Typed errors of file-system backup of pod volumes, with stable codes the node agent and the
 * CLI switch on: a volume folder that cannot be found on the node (or is found twice), a pod
 * that is not where the request says, a repository password that is missing, a repository that
 * will not open, a run that was canceled.
 */
import { isBrandedWithCode } from "../util/brand.ts";

export const podVolumeErrorCodes = [
  /** No folder matches `<host pods>/<pod uid>/volumes/* /<dir>`. */
  "VolumeFolderNotFound",
  /** More than one folder matches. */
  "VolumeFolderAmbiguous",
  /** The pod, its volume or its claim is not what the request expects. */
  "PodMismatch",
  /** Not ready yet (claim not bound, pod not scheduled); try again later. */
  "NotReady",
  "PasswordMissing",
  "RepositoryUnavailable",
  "Canceled",
  "InvalidArgument",
] as const;

export type PodVolumeErrorCode = (typeof podVolumeErrorCodes)[number];

const brand = Symbol.for("lifeboat.PodVolumeError");

export class PodVolumeError extends Error {
  readonly code: PodVolumeErrorCode;
  readonly [brand] = true;

  constructor(code: PodVolumeErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "PodVolumeError";
    this.code = code;
  }

  static is(err: unknown, code?: PodVolumeErrorCode): err is PodVolumeError {
    return isBrandedWithCode(err, brand, code);
  }
}
