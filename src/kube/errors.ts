/**
 * Typed Kubernetes-layer errors. Every failure the kube package reports is a KubeError with a
 * stable `code` a caller can switch on, the HTTP status when there is one, and the cause. API
 * responses are classified once, here (`fromStatus`, `fromApiException`), so a 409 on an update
 * is always "Conflict", a 410 on a list or watch is always "Gone", and so on.
 */

import { isBrandedWithCode } from "../util/brand.ts";

export const kubeErrorCodes = [
  /** 404 */
  "NotFound",
  /** 409 with reason AlreadyExists (a create raced another) */
  "AlreadyExists",
  /** 409 with reason Conflict (stale resourceVersion on an update) */
  "Conflict",
  /** 410: resourceVersion or continue token too old; relist */
  "Gone",
  "Unauthorized",
  "Forbidden",
  /** 400 / 422: the server rejected the request body */
  "Invalid",
  /** 429 */
  "Throttled",
  /** 5xx */
  "ServerError",
  /** connection refused, reset, DNS… */
  "Network",
  "Timeout",
  /** the request was cancelled by its AbortSignal */
  "Aborted",
  /** a response that is not what the API promises (bad JSON, missing fields) */
  "BadResponse",
  /** a caller passed a bad option (the message names the field) */
  "InvalidArgument",
  /** no kubeconfig file, no KUBECONFIG, not in a cluster */
  "ConfigNotFound",
  /** the work queue is shutting down */
  "ShutDown",
] as const;

export type KubeErrorCode = (typeof kubeErrorCodes)[number];

const brand = Symbol.for("lifeboat.KubeError");

export class KubeError extends Error {
  readonly code: KubeErrorCode;
  /** HTTP status of the API response, when the error came from one. */
  readonly status: number | undefined;
  readonly [brand] = true;

  constructor(code: KubeErrorCode, message: string, opts: { status?: number; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = "KubeError";
    this.code = code;
    this.status = opts.status;
  }

  /** Works across duplicate copies of this module (instanceof would not). */
  static is(err: unknown, code?: KubeErrorCode): err is KubeError {
    return isBrandedWithCode(err, brand, code);
  }
}

/** The fields of a metav1.Status this package looks at. */
export interface StatusLike {
  code?: number;
  reason?: string;
  message?: string;
}

function codeForStatus(status: number, reason: string | undefined): KubeErrorCode {
  if (status === 404) return "NotFound";
  if (status === 409) return reason === "AlreadyExists" ? "AlreadyExists" : "Conflict";
  if (status === 410) return "Gone";
  if (status === 401) return "Unauthorized";
  if (status === 403) return "Forbidden";
  if (status === 400 || status === 422) return "Invalid";
  if (status === 429) return "Throttled";
  if (status === 408 || status === 504) return "Timeout";
  if (status >= 500) return "ServerError";
  return "BadResponse";
}

/** Classifies an API error response (HTTP status plus the metav1.Status body, if any). */
export function fromStatus(httpStatus: number, body: StatusLike | undefined, what: string): KubeError {
  const status = body?.code ?? httpStatus;
  const detail = body?.message ?? body?.reason ?? `HTTP ${status}`;
  return new KubeError(codeForStatus(status, body?.reason), `${what}: ${detail}`, { status, cause: body });
}

function parseStatusBody(body: unknown): StatusLike | undefined {
  if (typeof body === "object" && body !== null) return body;
  if (typeof body !== "string") return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === "object" && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Converts whatever a client-node API call threw (an ApiException with `code` and a Status body,
 * an aborted fetch, a network failure) into a KubeError. KubeErrors pass through unchanged.
 */
export function toKubeError(err: unknown, what: string): KubeError {
  if (KubeError.is(err)) return err;
  const e = err as { code?: unknown; body?: unknown; name?: unknown; message?: unknown };
  // Names first: a DOMException has a numeric `code` too (20 for AbortError).
  if (e?.name === "AbortError") return new KubeError("Aborted", `${what}: aborted`, { cause: err });
  if (e?.name === "TimeoutError") return new KubeError("Timeout", `${what}: timed out`, { cause: err });
  if (typeof e?.code === "number") return fromStatus(e.code, parseStatusBody(e.body), what);
  const message = typeof e?.message === "string" ? e.message : String(err);
  return new KubeError("Network", `${what}: ${message}`, { cause: err });
}
