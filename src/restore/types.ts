/**
 * The restore engine's contract with its caller (the restore controller): the per-run request,
 * the dependencies it is handed, and the outcome it returns. Warnings and errors of the run go
 * to `deps.results` (Velero's {lifeboat, cluster, namespaces} shape) and lines to `deps.log`.
 */
import type { Readable } from "node:stream";
import type { RunFilters } from "../filters/run-filters.ts";
import type { RestClient } from "../kube/rest.ts";
import type { ResultsCollector } from "../util/results.ts";
import type { RunLog } from "../util/run-log.ts";

export type { LabelSelector } from "../filters/label-selector.ts";

export type ExistingResourcePolicy = "none" | "update";

/** The filters name source namespaces (globs allowed); [] or ["*"] = all. */
export interface RestoreRequest extends RunFilters {
  name: string;
  uid: string;
  backupName: string;
  /** source namespace → target namespace */
  namespaceMapping: Record<string, string>;
  /** default true */
  restorePVs?: boolean;
  existingResourcePolicy: ExistingResourcePolicy;
  restoreStatus?: { includedResources: string[]; excludedResources: string[] };
  preserveNodePorts?: boolean;
  /**
   * Volumes that come back through file-system restore: PVs of these PVCs are not restored, the
   * PVCs are re-provisioned. Keyed "ns/pvcName" (source namespace).
   */
  fsRestoredClaims?: Set<string>;
  /** Called for each pod created; may return a modified pod before creation. */
  podMutator?: (pod: Record<string, unknown>, sourceNamespace: string) => Record<string, unknown>;
}

export interface RestoreProgress {
  totalItems: number;
  itemsRestored: number;
}

export interface RestoreDeps {
  rest: RestClient;
  /** A private directory for this run; the tarball is extracted under it. */
  workDir: string;
  log: RunLog;
  results: ResultsCollector;
  /** The gzip'd tarball from the bucket. */
  tarball: NodeJS.ReadableStream | Readable;
  /** At most once a second, and once at the end. */
  onProgress?: (p: RestoreProgress) => void;
  signal?: AbortSignal;
  /** Items created in parallel within one resource; default 16. */
  concurrency?: number;
  now?: () => Date;
  /** How long to wait for a restored CRD to be Established; default 60000. */
  crdEstablishedTimeoutMs?: number;
}

export type RestoreAction = "created" | "updated" | "skipped" | "failed";

export interface RestoredItem {
  groupResource: string;
  /** Target namespace; absent for cluster-scoped items. */
  namespace?: string;
  name: string;
  action: RestoreAction;
  reason?: string;
}

export interface RestoreOutcome {
  /** Items selected for the restore (created namespaces included). */
  totalItems: number;
  /** Items processed, whatever their action. */
  itemsRestored: number;
  /** The first `maxOutcomeItems` items, in the order they finished; all of them are in itemsFile. */
  items: RestoredItem[];
  /** True when `items` does not hold every item. */
  itemsTruncated: boolean;
  /** JSON lines, one RestoredItem per line: every item of the run. */
  itemsFile: string;
  /** How many items ended in each action. */
  counts: Record<RestoreAction, number>;
  /**
   * Velero's restore resource list: "<apiVersion>/<Kind>" → sorted "ns/name(action)" entries
   * (plain "name(action)" for cluster-scoped items).
   */
  resourceList: Record<string, string[]>;
}
