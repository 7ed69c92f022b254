/**
 * The per-run contract of the backup engine: what to back up (BackupRequest, built by the
 * Backup controller from a Backup's spec), what the run works with (BackupDeps), and what it
 * hands back for upload (BackupOutcome). The engine knows nothing of the Backup CR itself.
 */
import type { RunFilters } from "../filters/run-filters.ts";
import type { RestClient } from "../kube/rest.ts";
import type { ResultsCollector } from "../util/results.ts";
import type { RunLog } from "../util/run-log.ts";

export interface BackupRequest extends RunFilters {
  /** The Backup's name (the tarball is `<name>.tar.gz`). */
  name: string;
  uid: string;
  /** resource (plural, kind or groupResource) -> "ns/name,ns/name" (or "name" when cluster-scoped): written first, in this order. */
  orderedResources?: Record<string, string>;
}

export interface BackupProgress {
  totalItems: number;
  itemsBackedUp: number;
}

export interface BackupDeps {
  /** Already rate-limited (QPS/burst). */
  rest: RestClient;
  /** A fresh temp folder for this run; the tarball is written there. */
  workDir: string;
  /** Per-item problems are logged with a Scope, which also counts them into `results`. */
  log: RunLog;
  results: ResultsCollector;
  /** Called at most once a second while the run goes on, and once at the end. */
  onProgress?: (p: BackupProgress) => void;
  signal?: AbortSignal;
  /** Parallel LIST/GET calls (default 8). */
  concurrency?: number;
  now?: () => Date;
}

export interface BackupOutcome {
  tarballPath: string;
  tarballBytes: number;
  /** {"apps/v1/Deployment": ["ns/name", …], "v1/PersistentVolume": ["pv-1"]}, keys and values sorted. */
  resourceList: Record<string, string[]>;
  totalItems: number;
  itemsBackedUp: number;
  /** Backed-up pods, for the pod-volume step. */
  pods: Array<{ namespace: string; name: string; uid: string }>;
}

export const defaultConcurrency = 8;
