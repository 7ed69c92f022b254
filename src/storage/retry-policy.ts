/**
 * Exponential backoff with full jitter for retryable storage failures (errors.ts decides which).
 * One policy serves the retry decorator and the S3 store's per-part multipart retries, so every
 * retry in Lifeboat's storage layer behaves — and is configured — the same way.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { isRetryable } from "./errors.ts";

export interface RetryPolicy {
  /** Total tries, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 200,
  maxDelayMs: 15_000,
};

export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round((policy.random ?? Math.random)() * ceiling);
}

/** Runs `fn` until it succeeds, fails with a non-retryable error, or the attempts run out. */
export async function withRetries<T>(policy: RetryPolicy, fn: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (!isRetryable(err) || attempt >= policy.maxAttempts) throw err;
      const delay = backoffDelay(policy, attempt);
      policy.onRetry?.(err, attempt, delay);
      await (policy.sleep ?? sleep)(delay);
    }
  }
}
