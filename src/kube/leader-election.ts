/**
 * Lease-based leader election with client-go's algorithm (tools/leaderelection), so Lifeboat
 * servers and Kubernetes' own components reason about a Lease the same way.
 *
 * Each candidate loops on tryAcquireOrRenew: read the Lease (create it if absent); if the record
 * read differs from the one seen before, note the time of that observation on the LOCAL clock;
 * if someone else holds the lease and less than its leaseDurationSeconds has passed since the
 * record last changed, stay a follower; otherwise write itself in as holder (renewTime now,
 * leaseTransitions + 1 when the holder changes) with the resourceVersion just read, so of two
 * candidates racing only one write succeeds (the other gets 409 and tries again later).
 *
 * Clock skew: no candidate ever compares the holder's renewTime with its own clock. Expiry is
 * judged from when this candidate saw the record change, so clocks may be set differently; they
 * only need to run at about the same rate. That is why the timings must satisfy
 * leaseDuration > renewDeadline > 1.2 × retryPeriod (leader-election-config.ts).
 *
 * As leader: renew every retryPeriod; if no renewal succeeds within renewDeadline of the last
 * successful one — or the Lease shows another holder — leadership is lost: the signal passed to
 * onStartedLeading aborts and onStoppedLeading is called. Aborting run()'s signal ends the
 * election the same way; with releaseOnCancel the lease is then given up (holder "", duration
 * 1 s) so another candidate takes over at its next retry instead of after leaseDuration.
 *
 * Deviations from client-go, all toward safety: the renew deadline counts from the last
 * successful renewal, not from the start of the current retry round; seeing another holder while
 * leading ends leadership at once; onStoppedLeading is only called after onStartedLeading.
 */
import { jittered } from "./backoff.ts";
import { realClock, timeoutSignal, type Clock } from "./clock.ts";
import { KubeError } from "./errors.ts";
import {
  retryJitterFactor,
  validateLeaderElection,
  type LeaderCallbacks,
  type LeaderElectionConfig,
  type LeaderTimings,
} from "./leader-election-config.ts";
import { leaderRecord, type LeaderElectionRecord, type LeaseLock, type LockState } from "./lease-lock.ts";
import { silentLog, type Log } from "./log.ts";
import { microTime } from "./micro-time.ts";

export type { LeaderCallbacks, LeaderElectionConfig } from "./leader-election-config.ts";

type Outcome = "cancelled" | "lost";

export class LeaderElector {
  readonly identity: string;
  readonly timings: LeaderTimings;
  readonly #lock: LeaseLock;
  readonly #callbacks: LeaderCallbacks;
  readonly #releaseOnCancel: boolean;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #log: Log;
  #observed: LockState | undefined;
  #observedJson = "";
  #observedTime = 0;
  #reportedLeader = "";
  #lastRenew = 0;
  #leading = false;
  #running = false;

  constructor(config: LeaderElectionConfig) {
    this.timings = validateLeaderElection(config);
    this.identity = config.identity;
    this.#lock = config.lock;
    this.#callbacks = config.callbacks;
    this.#releaseOnCancel = config.releaseOnCancel ?? false;
    this.#clock = config.clock ?? realClock;
    this.#random = config.random ?? Math.random;
    this.#log = config.log ?? silentLog;
  }

  /** True while this candidate leads (between onStartedLeading and onStoppedLeading). */
  isLeader(): boolean {
    return this.#leading;
  }

  /** The holder in the last record observed ("" if none). */
  getLeader(): string {
    return this.#observed?.record.holderIdentity ?? "";
  }

  /**
   * Campaigns until leader, leads until leadership is lost or `signal` aborts, then returns.
   * One run per elector at a time; after it returns, a new run campaigns again.
   */
  async run(signal: AbortSignal): Promise<void> {
    if (this.#running) throw new KubeError("InvalidArgument", `leader elector ${this.identity} is already running`);
    this.#running = true;
    try {
      if (!(await this.#acquire(signal))) return;
      await this.#lead(signal);
    } finally {
      this.#running = false;
    }
  }

  async #acquire(signal: AbortSignal): Promise<boolean> {
    this.#log.info({ lock: this.#lock.description, identity: this.identity }, "attempting to acquire leader lease");
    for (;;) {
      const started = this.#clock.now();
      const acquired = await this.#attempt(signal, this.timings.renewDeadlineMs);
      this.#reportLeader();
      if (acquired) {
        this.#lastRenew = started;
        this.#log.info({ lock: this.#lock.description, identity: this.identity }, "acquired leader lease");
        return true;
      }
      const pause = jittered(this.timings.retryPeriodMs, retryJitterFactor, this.#random);
      if (!(await this.#clock.sleep(pause, signal))) return false;
    }
  }

  async #lead(signal: AbortSignal): Promise<void> {
    this.#leading = true;
    const leading = new AbortController();
    const work = this.#startLeading(leading.signal);
    const outcome = await this.#renewLoop(signal);
    this.#leading = false;
    leading.abort(new KubeError("Aborted", `leadership ${outcome === "lost" ? "lost" : "given up"}`));
    this.#log.info({ lock: this.#lock.description, identity: this.identity, outcome }, "stopped leading");
    if (this.#releaseOnCancel) {
      // Do not hand over while our own leader work is still winding down (bounded wait).
      const stopWaiting = new AbortController();
      await Promise.race([work, this.#clock.sleep(this.timings.renewDeadlineMs, stopWaiting.signal)]);
      stopWaiting.abort();
      await this.#release();
    }
    this.#safely("onStoppedLeading", () => this.#callbacks.onStoppedLeading());
  }

  async #startLeading(signal: AbortSignal): Promise<void> {
    try {
      await this.#callbacks.onStartedLeading(signal);
    } catch (err) {
      this.#log.error({ lock: this.#lock.description, err }, "onStartedLeading failed");
    }
  }

  async #renewLoop(signal: AbortSignal): Promise<Outcome> {
    for (;;) {
      if (!(await this.#clock.sleep(this.timings.retryPeriodMs, signal))) return "cancelled";
      const outcome = await this.#renewRound(signal);
      if (outcome) return outcome;
    }
  }

  /** Retries until one renewal succeeds (undefined) or the deadline passes or another holder shows. */
  async #renewRound(signal: AbortSignal): Promise<Outcome | undefined> {
    const deadline = this.#lastRenew + this.timings.renewDeadlineMs;
    for (;;) {
      const started = this.#clock.now();
      if (started >= deadline) return this.#lost("renew deadline exceeded");
      const renewed = await this.#attempt(signal, deadline - started);
      this.#reportLeader();
      if (signal.aborted) return "cancelled";
      if (renewed) {
        this.#lastRenew = started;
        return undefined;
      }
      const holder = this.getLeader();
      if (holder !== "" && holder !== this.identity) return this.#lost(`lease taken by ${holder}`);
      const wait = Math.min(this.timings.retryPeriodMs, deadline - this.#clock.now());
      if (wait > 0 && !(await this.#clock.sleep(wait, signal))) return "cancelled";
    }
  }

  #lost(reason: string): Outcome {
    this.#log.warn({ lock: this.#lock.description, identity: this.identity, reason }, "leadership lost");
    return "lost";
  }

  /** One tryAcquireOrRenew bounded by `timeoutMs`; false on any failure. */
  async #attempt(signal: AbortSignal, timeoutMs: number): Promise<boolean> {
    const bounded = timeoutSignal(this.#clock, timeoutMs, signal);
    try {
      return await this.tryAcquireOrRenew(bounded.signal);
    } catch (err) {
      if (!signal.aborted) this.#log.debug({ lock: this.#lock.description, err }, "leader lease attempt failed");
      return false;
    } finally {
      bounded.dispose();
    }
  }

  /**
   * One step of the algorithm: true if this candidate now holds the lease (acquired or
   * renewed), false if another holder's lease is still valid. Throws on API errors, including a
   * 409 from a lost race (the caller simply tries again later).
   */
  async tryAcquireOrRenew(signal?: AbortSignal): Promise<boolean> {
    const now = this.#clock.now();
    const desired: LeaderElectionRecord = {
      holderIdentity: this.identity,
      leaseDurationSeconds: this.timings.leaseDurationMs / 1000,
      acquireTime: microTime(now),
      renewTime: microTime(now),
      leaseTransitions: 0,
    };
    const current = await this.#lock.get(signal);
    if (!current) {
      this.#observe(await this.#lock.create(leaderRecord(desired), signal), now);
      return true;
    }
    this.#observe(current, this.#clock.now());
    const { record } = current;
    if (this.#heldByOther(record, now)) return false;
    if (record.holderIdentity === this.identity) {
      desired.acquireTime = record.acquireTime;
      desired.leaseTransitions = record.leaseTransitions;
    } else {
      desired.leaseTransitions = record.leaseTransitions + 1;
    }
    this.#observe(await this.#lock.update(current, leaderRecord(desired), signal), now);
    return true;
  }

  #heldByOther(record: LeaderElectionRecord, now: number): boolean {
    if (record.holderIdentity === "" || record.holderIdentity === this.identity) return false;
    const durationMs = (record.leaseDurationSeconds || this.timings.leaseDurationMs / 1000) * 1000;
    return this.#observedTime + durationMs > now;
  }

  /** Remembers the record; the observation time moves only when the record changed. */
  #observe(state: LockState, at: number): void {
    const json = JSON.stringify(state.record);
    if (json !== this.#observedJson || state.record.holderIdentity === this.identity) {
      this.#observedJson = json;
      this.#observedTime = at;
    }
    this.#observed = state;
  }

  #reportLeader(): void {
    const holder = this.getLeader();
    if (holder === "" || holder === this.#reportedLeader) return;
    this.#reportedLeader = holder;
    this.#log.info({ lock: this.#lock.description, leader: holder }, "new leader observed");
    this.#safely("onNewLeader", () => this.#callbacks.onNewLeader?.(holder));
  }

  /** Gives the lease up if this candidate still holds it: holder "", leaseDurationSeconds 1. */
  async #release(): Promise<void> {
    const observed = this.#observed;
    if (!observed || observed.record.holderIdentity !== this.identity) return;
    const now = microTime(this.#clock.now());
    const released = leaderRecord({
      holderIdentity: "",
      leaseDurationSeconds: 1,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: observed.record.leaseTransitions,
    });
    const bounded = timeoutSignal(this.#clock, this.timings.renewDeadlineMs);
    try {
      this.#observe(await this.#lock.update(observed, released, bounded.signal), this.#clock.now());
      this.#log.info({ lock: this.#lock.description, identity: this.identity }, "released leader lease");
    } catch (err) {
      this.#log.warn({ lock: this.#lock.description, err }, "failed to release leader lease");
    } finally {
      bounded.dispose();
    }
  }

  #safely(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.#log.error({ lock: this.#lock.description, err }, `${what} failed`);
    }
  }
}
