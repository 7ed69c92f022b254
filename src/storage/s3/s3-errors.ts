/**
 * Maps what the AWS SDK and Node's sockets throw to StorageError codes. S3 servers differ in
 * the codes they send (and HEAD responses carry none), so the mapping looks at the S3 code, the
 * HTTP status and the socket error code, in that order.
 */
import { StorageError, type StorageErrorCode } from "../errors.ts";

const byS3Code: Record<string, StorageErrorCode> = {
  NoSuchKey: "NotFound",
  NotFound: "NotFound",
  NoSuchBucket: "BucketNotFound",
  InvalidAccessKeyId: "InvalidCredentials",
  SignatureDoesNotMatch: "InvalidCredentials",
  InvalidToken: "InvalidCredentials",
  ExpiredToken: "InvalidCredentials",
  InvalidSecurity: "InvalidCredentials",
  AccessDenied: "AccessDenied",
  Forbidden: "AccessDenied",
  AllAccessDisabled: "AccessDenied",
  SlowDown: "Throttled",
  Throttling: "Throttled",
  ThrottlingException: "Throttled",
  TooManyRequests: "Throttled",
  RequestLimitExceeded: "Throttled",
  ServiceUnavailable: "Throttled",
  BadDigest: "ChecksumMismatch",
  InvalidDigest: "ChecksumMismatch",
  XAmzContentSHA256Mismatch: "ChecksumMismatch",
  PreconditionFailed: "Conflict",
  ConditionalRequestConflict: "Conflict",
  RequestTimeout: "Timeout",
  TimeoutError: "Timeout",
  RequestTimeTooSkewed: "InvalidCredentials",
  InvalidArgument: "InvalidArgument",
  InvalidRequest: "InvalidArgument",
  NotImplemented: "Unsupported",
};

const bySocketCode: Record<string, StorageErrorCode> = {
  ECONNRESET: "Network",
  ECONNREFUSED: "Network",
  EPIPE: "Network",
  ENOTFOUND: "Network",
  EAI_AGAIN: "Network",
  EHOSTUNREACH: "Network",
  ENETUNREACH: "Network",
  ECONNABORTED: "Network",
  ERR_STREAM_PREMATURE_CLOSE: "Network",
  ETIMEDOUT: "Timeout",
  ESOCKETTIMEDOUT: "Timeout",
  UND_ERR_SOCKET: "Network",
};

function byStatus(status: number): StorageErrorCode | undefined {
  if (status === 404) return "NotFound";
  if (status === 403) return "AccessDenied";
  if (status === 412 || status === 409) return "Conflict";
  if (status === 429 || status === 503) return "Throttled";
  if (status >= 500) return "ServerError";
  if (status === 400) return "InvalidArgument";
  return undefined;
}

interface SdkError {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

export function classify(err: unknown): StorageErrorCode {
  const e = (err ?? {}) as SdkError;
  const s3Code = e.Code ?? e.name;
  if (s3Code && byS3Code[s3Code]) return byS3Code[s3Code];
  const socketCode = e.code ?? (e as { cause?: SdkError }).cause?.code;
  if (socketCode && bySocketCode[socketCode]) return bySocketCode[socketCode];
  const status = e.$metadata?.httpStatusCode;
  const fromStatus = status ? byStatus(status) : undefined;
  if (fromStatus) return fromStatus;
  if (/socket hang up|aborted|premature close/i.test(e.message ?? "")) return "Network";
  if (/timed? ?out/i.test(e.message ?? "")) return "Timeout";
  return "ServerError";
}

export function toStorageError(err: unknown, context: { key?: string; where: string }): StorageError {
  if (StorageError.is(err)) return err;
  const code = classify(err);
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const subject = context.key === undefined ? context.where : `"${context.key}" in ${context.where}`;
  return new StorageError(code, `${code} for ${subject} (${detail})`, {
    key: context.key,
    cause: err,
  });
}
