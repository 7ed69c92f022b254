/**
 * Client-side request rate limiting: a token bucket holding up to `burst` tokens, refilled at
 * `qps` tokens per second. Each request takes one token; when the bucket is empty the request
 * waits its turn (reservations are first come, first served, so waiters are served in order).
 *
 * The defaults are Velero's server defaults, --client-qps 100 and --client-burst 100: client-go's
 * 5 QPS / 10 burst would make a backup of a few thousand objects crawl.
 */
import { realClock, type Clock } from "./clock.ts";
import { KubeError } from "./errors.ts";

export const defaultClientQps = 100;
export const defaultClientBurst = 100;

export interface RateLimiter {
  /** Resolves when the caller may send one request; rejects with KubeError "Aborted" on abort. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Takes a token if one is available right now, without waiting. */
  tryAcquire(): boolean;
}

export interface TokenBucketOptions {
  qps?: number;
  burst?: number;
  clock?: Clock;
}

export class TokenBucket implements RateLimiter {
  readonly qps: number;
  readonly burst: number;
  readonly #clock: Clock;
  /** May go negative: each waiter holds a reservation on a future token. */
  #tokens: number;
  #last: number;

  constructor(options: TokenBucketOptions = {}) {
    this.qps = options.qps ?? defaultClientQps;
    this.burst = options.burst ?? defaultClientBurst;
    if (!(this.qps > 0 && Number.isFinite(this.qps))) {
      throw new KubeError("InvalidArgument", `qps must be a positive number, got ${this.qps}`);
    }
    if (!(Number.isInteger(this.burst) && this.burst >= 1)) {
      throw new KubeError("InvalidArgument", `burst must be an integer >= 1, got ${this.burst}`);
    }
    this.#clock = options.clock ?? realClock;
    this.#tokens = this.burst;
    this.#last = this.#clock.now();
  }

  #refill(): void {
    const now = this.#clock.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) * this.qps) / 1000);
    this.#last = now;
  }

  tryAcquire(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new KubeError("Aborted", "rate limiter wait aborted", { cause: signal.reason });
    this.#refill();
    this.#tokens -= 1;
    if (this.#tokens >= 0) return;
    const waitMs = Math.ceil((-this.#tokens * 1000) / this.qps);
    if (await this.#clock.sleep(waitMs, signal)) return;
    this.#tokens += 1;
    throw new KubeError("Aborted", "rate limiter wait aborted", { cause: signal?.reason });
  }
}

/** A limiter that never waits (tests, or a caller that throttles by other means). */
export const noRateLimit: RateLimiter = {
  acquire: (signal) =>
    signal?.aborted ? Promise.reject(new KubeError("Aborted", "aborted", { cause: signal.reason })) : Promise.resolve(),
  tryAcquire: () => true,
};
