/**
 * Retries of API calls that failed for reasons that pass: throttling (429), server errors (5xx),
 * timeouts and dropped connections. A few attempts with exponential backoff and jitter; every
 * other error (NotFound, AlreadyExists, Invalid, Forbidden…) is the answer and is thrown at once.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Backoff } from "../kube/backoff.ts";
import { KubeError } from "../kube/errors.ts";

export interface RetryOptions {
  /** Attempts in all, the first included; default 5. */
  attempts?: number;
  initialMs?: number;
  maxMs?: number;
  signal?: AbortSignal;
  /** Told about each failure that is retried, with the delay before the next attempt. */
  onRetry?: (err: unknown, delayMs: number) => void;
}

export function isTransient(err: unknown): boolean {
  return (
    KubeError.is(err, "Throttled") ||
    KubeError.is(err, "ServerError") ||
    KubeError.is(err, "Timeout") ||
    KubeError.is(err, "Network")
  );
}

/** Runs `call`, again after transient failures; `retried` tells the call it is not the first. */
export async function withRetry<T>(call: (retried: boolean) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const backoff = new Backoff({ initialMs: options.initialMs ?? 200, maxMs: options.maxMs ?? 5000 });
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt > 1);
    } catch (err) {
      if (attempt >= attempts || !isTransient(err) || options.signal?.aborted) throw err;
      const delay = backoff.next();
      options.onRetry?.(err, delay);
      await sleep(delay, undefined, options.signal ? { signal: options.signal } : {});
    }
  }
}
