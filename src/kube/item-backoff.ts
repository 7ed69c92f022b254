/**
 * Per-key retry delays for a work queue: the n-th consecutive failure of a key waits
 * baseMs × 2^(n-1), capped at maxMs — 5 ms, 10 ms, 20 ms … 1000 s with the defaults, the
 * schedule of client-go's default per-item limiter. `forget(key)` (after a success) starts the
 * key's schedule over. Keys are independent: one failing object does not slow the others.
 */

export interface ItemBackoffOptions {
  baseMs?: number;
  maxMs?: number;
}

export interface ItemRateLimiter {
  /** The delay before the key's next try; counts one more failure. */
  when(key: string): number;
  forget(key: string): void;
  /** Failures counted since the last forget. */
  retries(key: string): number;
}

export class ItemExponentialBackoff implements ItemRateLimiter {
  readonly baseMs: number;
  readonly maxMs: number;
  readonly #failures = new Map<string, number>();

  constructor(options: ItemBackoffOptions = {}) {
    this.baseMs = options.baseMs ?? 5;
    this.maxMs = options.maxMs ?? 1_000_000;
  }

  when(key: string): number {
    const failures = this.#failures.get(key) ?? 0;
    this.#failures.set(key, failures + 1);
    // 2^failures overflows to Infinity long after the cap; min() keeps it finite.
    return Math.min(this.maxMs, this.baseMs * 2 ** failures);
  }

  forget(key: string): void {
    this.#failures.delete(key);
  }

  retries(key: string): number {
    return this.#failures.get(key) ?? 0;
  }
}
