/**
 * Leader election settings and their validation. The timing rule is client-go's:
 * leaseDuration > renewDeadline > 1.2 × retryPeriod, all positive. It is what makes the
 * election safe: a leader that cannot renew gives up (renewDeadline) before any other candidate
 * may take the lease (leaseDuration after it last saw the lease change), and it gets more than
 * one retry in between. Defaults are those of Kubernetes' own components: 15 s / 10 s / 2 s.
 */
import type { Clock } from "./clock.ts";
import { KubeError } from "./errors.ts";
import type { LeaseLock } from "./lease-lock.ts";
import type { Log } from "./log.ts";

/** client-go's JitterFactor: retries are spread over retryPeriod × [1, 2.2). */
export const retryJitterFactor = 1.2;

export const defaultLeaseDurationMs = 15_000;
export const defaultRenewDeadlineMs = 10_000;
export const defaultRetryPeriodMs = 2_000;

export interface LeaderCallbacks {
  /**
   * Called once leadership is acquired; `signal` aborts when it is lost or given up. Do the
   * leader's work here and stop it promptly when `signal` aborts.
   */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  /** Called once after leadership ends (never if it was never acquired). */
  onStoppedLeading(): void;
  /** Called whenever the observed holder changes to a non-empty identity (including this one). */
  onNewLeader?(identity: string): void;
}

export interface LeaderElectionConfig {
  lock: LeaseLock;
  /** Unique per candidate, e.g. the pod name plus a random suffix. */
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Give the lease up (holder "", duration 1 s) when leadership ends, so a successor need not wait. */
  releaseOnCancel?: boolean;
  callbacks: LeaderCallbacks;
  clock?: Clock;
  random?: () => number;
  log?: Log;
}

export interface LeaderTimings {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

function invalid(message: string): KubeError {
  return new KubeError("InvalidArgument", `leader election: ${message}`);
}

function positive(field: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) throw invalid(`${field} must be greater than zero, got ${value}`);
}

/** The timings with defaults filled in; throws KubeError "InvalidArgument" naming the bad field. */
export function validateLeaderElection(config: LeaderElectionConfig): LeaderTimings {
  const leaseDurationMs = config.leaseDurationMs ?? defaultLeaseDurationMs;
  const renewDeadlineMs = config.renewDeadlineMs ?? defaultRenewDeadlineMs;
  const retryPeriodMs = config.retryPeriodMs ?? defaultRetryPeriodMs;
  positive("leaseDurationMs", leaseDurationMs);
  positive("renewDeadlineMs", renewDeadlineMs);
  positive("retryPeriodMs", retryPeriodMs);
  if (leaseDurationMs <= renewDeadlineMs) {
    throw invalid(`leaseDurationMs (${leaseDurationMs}) must be greater than renewDeadlineMs (${renewDeadlineMs})`);
  }
  if (renewDeadlineMs <= retryJitterFactor * retryPeriodMs) {
    throw invalid(
      `renewDeadlineMs (${renewDeadlineMs}) must be greater than ${retryJitterFactor} × retryPeriodMs (${retryPeriodMs})`,
    );
  }
  if (leaseDurationMs % 1000 !== 0) {
    throw invalid(`leaseDurationMs (${leaseDurationMs}) must be whole seconds (Lease leaseDurationSeconds)`);
  }
  if (config.identity.trim() === "") throw invalid("identity must not be empty");
  return { leaseDurationMs, renewDeadlineMs, retryPeriodMs };
}
