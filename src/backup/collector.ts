/**
 * Plans and runs the LISTs of a backup. Namespaced resources are listed per namespace when the
 * run covers a handful of namespaces (at most `perNamespaceListLimit`), and otherwise with one
 * cluster-wide paginated LIST per resource whose items are filtered by namespace here: 200
 * namespaces × 40 resources would be 8000 calls, against 40 plus pages. Cluster-scoped resources
 * are listed only when the cluster-scoped mode is "all". With OR-selectors every list is run once
 * per selector (the item backupper de-duplicates). Lists run `concurrency` at a time, in
 * collection order (pods, PVCs and PVs first); a list that fails is an error in the results and
 * the run goes on. Items are handed on as they arrive, never gathered — except for resources
 * named in `orderedResources`, which are gathered so the named items are written first.
 */
import { listsClusterScoped, namespacesGroupResource, type ClusterScopedMode } from "../filters/cluster-scoped.ts";
import type { NamespaceFilter } from "../filters/namespace-filter.ts";
import type { DiscoveredResource } from "../kube/discovery.ts";
import type { DynamicClient, Unstructured } from "../kube/dynamic.ts";
import { KubeError } from "../kube/errors.ts";
import { forEachLimit } from "../util/pool.ts";
import type { Scope } from "../util/results.ts";
import type { RunLog } from "../util/run-log.ts";
import { BackupError } from "./errors.ts";
import type { ItemBackupper } from "./item-backupper.ts";
import { applyOrder } from "./ordering.ts";
import type { ProgressReporter } from "./progress.ts";

/** Up to this many included namespaces, namespaced resources are listed namespace by namespace. */
export const perNamespaceListLimit = 10;

export interface ListTask {
  res: DiscoveredResource;
  /** Set for a per-namespace list; absent for a cluster-wide one. */
  namespace?: string;
  /** Query form; "" for none. */
  labelSelector: string;
}

export interface ListPlanInput {
  /** In collection order, already filtered by the resource filter. */
  resources: readonly DiscoveredResource[];
  /** The included namespaces that exist; undefined if unknown. */
  namespaces: readonly string[] | undefined;
  namespaceFilter: NamespaceFilter;
  clusterMode: ClusterScopedMode;
  /** One entry per LIST to run for each resource ([""] without selectors). */
  selectors: readonly string[];
}

export function planLists(input: ListPlanInput): ListTask[] {
  const { namespaces, namespaceFilter } = input;
  const perNamespace =
    namespaces !== undefined && !namespaceFilter.includesEverything && namespaces.length <= perNamespaceListLimit;
  const tasks: ListTask[] = [];
  for (const res of input.resources) {
    if (res.groupResource === namespacesGroupResource) continue;
    let scopes: (string | undefined)[];
    if (!res.namespaced) scopes = listsClusterScoped(input.clusterMode) ? [undefined] : [];
    else scopes = perNamespace ? [...namespaces] : [undefined];
    for (const namespace of scopes)
      for (const labelSelector of input.selectors)
        tasks.push(namespace === undefined ? { res, labelSelector } : { res, namespace, labelSelector });
  }
  return tasks;
}

export interface CollectDeps {
  dyn: DynamicClient;
  backupper: ItemBackupper;
  progress: ProgressReporter;
  log: RunLog;
  concurrency: number;
  /** groupResource → item keys to write first. */
  ordered: ReadonlyMap<string, readonly string[]>;
  signal?: AbortSignal;
}

function scopeOfTask(task: ListTask): Scope {
  if (task.namespace) return { namespace: task.namespace };
  return task.res.namespaced ? "lifeboat" : "cluster";
}

function describeTask(task: ListTask): string {
  const where = task.namespace ? ` in namespace ${task.namespace}` : "";
  const selector = task.labelSelector ? ` with selector "${task.labelSelector}"` : "";
  return `${task.res.groupResource}${where}${selector}`;
}

function keyOf(obj: Unstructured): string {
  const m = obj.metadata ?? {};
  return m.namespace ? `${m.namespace}/${m.name ?? ""}` : (m.name ?? "");
}

async function runTask(task: ListTask, deps: CollectDeps): Promise<number> {
  const tracker = deps.progress.list();
  const items = deps.dyn.listAll(task.res, {
    namespace: task.namespace,
    labelSelector: task.labelSelector,
    signal: deps.signal,
    onPage: (page) => tracker.page(page.items.length, page.remainingItemCount),
  });
  let count = 0;
  try {
    const order = deps.ordered.get(task.res.groupResource);
    if (order) {
      const all: Unstructured[] = [];
      for await (const obj of items) all.push(obj);
      for (const obj of applyOrder(all, order, keyOf)) {
        tracker.seen();
        count++;
        await deps.backupper.backupListed(task.res, obj);
      }
    } else {
      for await (const obj of items) {
        tracker.seen();
        count++;
        await deps.backupper.backupListed(task.res, obj);
      }
    }
  } finally {
    tracker.done();
  }
  return count;
}

/** Runs every list; throws only what ends the run (BackupError: tarball failure, cancellation). */
export async function collect(tasks: readonly ListTask[], deps: CollectDeps): Promise<void> {
  let fatal: BackupError | undefined;
  await forEachLimit(tasks, deps.concurrency, async (task) => {
    if (fatal !== undefined) return;
    try {
      const count = await runTask(task, deps);
      deps.log.debug(`listed ${describeTask(task)}`, { items: count });
    } catch (err) {
      if (BackupError.is(err)) fatal ??= err;
      else if (deps.signal?.aborted || KubeError.is(err, "Aborted"))
        fatal ??= new BackupError("Aborted", "the backup was cancelled", { cause: err });
      else deps.log.error(`listing ${describeTask(task)} failed: ${(err as Error).message}`, {}, scopeOfTask(task));
    }
  });
  if (fatal !== undefined) throw fatal;
}
