/**
 * What every step of one restore run shares: the request, the clients, the extracted backup,
 * where results and items are recorded, and the one place that records an item's outcome (its
 * action in the outcome and resource list, its warning or error in the results, under the
 * item's TARGET namespace, or "cluster" for cluster-scoped items, and a log line).
 */
import type { ResourceFilter } from "../filters/resource-filter.ts";
import type { DynamicClient } from "../kube/dynamic.ts";
import type { Scope } from "../util/results.ts";
import type { ResultsCollector } from "../util/results.ts";
import type { RunLog } from "../util/run-log.ts";
import type { ActionContext } from "./actions/index.ts";
import type { ItemIndex } from "./item-index.ts";
import type { ItemRecorder } from "./item-recorder.ts";
import type { ProgressReporter } from "./progress.ts";
import type { RestoreAction, RestoreRequest } from "./types.ts";

export interface ItemOutcome {
  action: RestoreAction;
  reason?: string;
  /** recorded as a warning of the run */
  warning?: string;
  /** recorded as an error of the run */
  error?: string;
}

/** An item as the outcome names it: where it goes, and its kind. */
export interface ItemTarget {
  groupResource: string;
  /** "" for cluster-scoped items */
  targetNamespace: string;
  name: string;
  apiVersion: string;
  kind: string;
}

export interface RunContext {
  request: RestoreRequest;
  dynamic: DynamicClient;
  index: ItemIndex;
  log: RunLog;
  results: ResultsCollector;
  recorder: ItemRecorder;
  progress: ProgressReporter;
  totalItems: number;
  signal: AbortSignal | undefined;
  /** Resources whose status is restored; undefined when none. */
  restoreStatus: ResourceFilter | undefined;
  /** What the item actions need from the request. */
  actions: Omit<ActionContext, "sourceNamespace" | "keepVolumeName">;
  /** PVs the restore decided not to restore (their claims are provisioned anew). */
  skippedVolumes: Set<string>;
}

export function scopeOf(targetNamespace: string): Scope {
  return targetNamespace ? { namespace: targetNamespace } : "cluster";
}

/** "deployments.apps shop/web", "persistentvolumes pv-1". */
export function describeTarget(item: Pick<ItemTarget, "groupResource" | "targetNamespace" | "name">): string {
  return `${item.groupResource} ${item.targetNamespace ? `${item.targetNamespace}/` : ""}${item.name}`;
}

export function recordOutcome(
  ctx: RunContext,
  item: ItemTarget,
  outcome: ItemOutcome,
  scope: Scope = scopeOf(item.targetNamespace),
): void {
  const fields = {
    resource: item.groupResource,
    namespace: item.targetNamespace || undefined,
    name: item.name,
    action: outcome.action,
    reason: outcome.reason,
  };
  if (outcome.error) {
    ctx.log.error(outcome.error, fields);
    ctx.results.error(scope, outcome.error);
  }
  if (outcome.warning) {
    ctx.log.warn(outcome.warning, fields);
    ctx.results.warning(scope, outcome.warning);
  }
  if (!outcome.error && !outcome.warning) ctx.log.info(`${outcome.action} ${describeTarget(item)}`, fields);
  ctx.recorder.record(
    {
      groupResource: item.groupResource,
      ...(item.targetNamespace ? { namespace: item.targetNamespace } : {}),
      name: item.name,
      action: outcome.action,
      ...(outcome.reason ? { reason: outcome.reason } : {}),
    },
    item.apiVersion ? `${item.apiVersion}/${item.kind}` : item.kind,
  );
  ctx.progress.update({ totalItems: ctx.totalItems, itemsRestored: ctx.recorder.recorded });
}
