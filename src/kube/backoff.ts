/**
 * Exponential backoff with jitter for restart loops (the informer's list/watch restarts):
 * `next()` returns initialMs, then doubles each call up to maxMs, each value stretched by up to
 * `jitter` (a fraction) so that many clients failing together do not retry together, and never
 * above maxMs. `reset()` after a success starts again from initialMs.
 */

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  jitter?: number;
  random?: () => number;
}

export class Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly #factor: number;
  readonly #jitter: number;
  readonly #random: () => number;
  #attempt = 0;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 1000;
    this.maxMs = options.maxMs ?? 30_000;
    this.#factor = options.factor ?? 2;
    this.#jitter = options.jitter ?? 0.2;
    this.#random = options.random ?? Math.random;
  }

  /** Failures since the last reset. */
  get attempts(): number {
    return this.#attempt;
  }

  next(): number {
    const base = Math.min(this.maxMs, this.initialMs * this.#factor ** this.#attempt);
    this.#attempt++;
    return Math.round(Math.min(this.maxMs, base * (1 + this.#jitter * this.#random())));
  }

  reset(): void {
    this.#attempt = 0;
  }
}

/** `ms` stretched by up to `fraction` of itself: resync periods, retry periods. */
export function jittered(ms: number, fraction: number, random: () => number = Math.random): number {
  return Math.round(ms * (1 + fraction * random()));
}
