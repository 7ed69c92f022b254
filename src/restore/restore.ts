/**
 * The restore engine: recreates the objects of a backup tarball in a cluster (the same one,
 * under remapped namespaces, or a new one), following Velero's restore flow:
 *
 * 1. stream the tarball into the work directory and index its items (one item in memory at a
 *    time, whatever the backup's size);
 * 2. discover the cluster's resources, and choose what to restore (src/restore/selection.ts);
 * 3. restore the CRDs first and wait until each is Established, then discover again so their
 *    custom resources resolve;
 * 4. make sure every target namespace exists;
 * 5. restore the rest in Velero's priority order (src/restore/priorities.ts), one resource
 *    after another, the items of one resource in parallel (bounded by `concurrency`).
 *
 * Per-item problems never stop the run: they are recorded as the item's action and as a
 * warning or error under the item's target namespace ("cluster" for cluster-scoped items).
 * What stops the run is thrown: a bad request, an unreadable tarball, discovery failing, or
 * cancellation (RestoreError / KubeError).
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { clusterScopedMode } from "../filters/cluster-scoped.ts";
import { NamespaceFilter } from "../filters/namespace-filter.ts";
import { ResourceFilter } from "../filters/resource-filter.ts";
import { discoverResources, type ResourceCatalog } from "../kube/discovery.ts";
import { DynamicClient, type ResourceRef } from "../kube/dynamic.ts";
import type { Log } from "../kube/log.ts";
import type { RunLog } from "../util/run-log.ts";
import { forEachLimit } from "../util/pool.ts";
import { backupCrdCatalog, combinedResolver } from "./backup-crds.ts";
import { crdRef, waitForCrds } from "./crd-wait.ts";
import { throwIfAborted } from "./errors.ts";
import { ItemRecorder } from "./item-recorder.ts";
import { ItemRestorer } from "./item-restorer.ts";
import { ensureNamespace } from "./namespaces.ts";
import { orderResources } from "./priorities.ts";
import { ProgressReporter } from "./progress.ts";
import { validateRequest } from "./request.ts";
import { type RunContext, recordOutcome, scopeOf } from "./run-context.ts";
import { crdResource, selectItems, type PlannedItem, type RestorePlan } from "./selection.ts";
import { extractTarball } from "./tarball-reader.ts";
import type { RestoreDeps, RestoreOutcome, RestoreRequest } from "./types.ts";

export type * from "./types.ts";

export const defaultConcurrency = 16;
export const defaultCrdEstablishedTimeoutMs = 60_000;

/** The run log as the pino-style Log that discovery takes. */
function asLog(log: RunLog): Log {
  return {
    debug: (obj, msg) => log.debug(msg, obj as Record<string, unknown>),
    info: (obj, msg) => log.info(msg, obj as Record<string, unknown>),
    warn: (obj, msg) => log.warn(msg, obj as Record<string, unknown>),
    error: (obj, msg) => log.error(msg, obj as Record<string, unknown>),
  };
}

class Run {
  readonly ctx: RunContext;
  readonly plan: RestorePlan;
  readonly #restorer: ItemRestorer;
  readonly #concurrency: number;
  readonly #crdTimeoutMs: number;
  readonly #backupCrds: ResourceCatalog;
  #catalog: ResourceCatalog;
  /** CRs of CRDs that did not become Established: groupResource → reason. */
  readonly #unestablished = new Map<string, string>();
  /** Target namespaces that could not be made ready. */
  readonly #brokenNamespaces = new Set<string>();

  constructor(
    ctx: RunContext,
    plan: RestorePlan,
    catalogs: { cluster: ResourceCatalog; backupCrds: ResourceCatalog },
    deps: RestoreDeps,
  ) {
    this.ctx = ctx;
    this.plan = plan;
    this.#restorer = new ItemRestorer(ctx);
    this.#catalog = catalogs.cluster;
    this.#backupCrds = catalogs.backupCrds;
    this.#concurrency = deps.concurrency ?? defaultConcurrency;
    this.#crdTimeoutMs = deps.crdEstablishedTimeoutMs ?? defaultCrdEstablishedTimeoutMs;
  }

  async #restoreItems(items: readonly PlannedItem[], res: ResourceRef): Promise<void> {
    await forEachLimit(items, this.#concurrency, async (item) => {
      throwIfAborted(this.ctx.signal);
      if (item.targetNamespace && this.#brokenNamespaces.has(item.targetNamespace)) {
        const reason = `namespace ${item.targetNamespace} is not ready`;
        recordOutcome(this.ctx, item, {
          action: "failed",
          reason,
          error: `${item.groupResource} ${item.targetNamespace}/${item.name}: not restored, ${reason}`,
        });
        return;
      }
      await this.#restorer.restore(item, res);
    });
  }

  async crds(): Promise<void> {
    const items = this.plan.items.get(crdResource) ?? [];
    if (items.length === 0) return;
    await this.#restoreItems(items, this.#catalog.byGroupResource(crdResource) ?? crdRef);
    const names = items.filter((i) => !i.skipReason).map((i) => i.name);
    const failed = await waitForCrds(this.ctx.dynamic, names, {
      timeoutMs: this.#crdTimeoutMs,
      signal: this.ctx.signal,
    });
    for (const [name, reason] of failed) {
      this.#unestablished.set(name, reason);
      const message = `CustomResourceDefinition ${name} is not usable: ${reason}`;
      this.ctx.log.error(message, { crd: name });
      this.ctx.results.error("cluster", message);
    }
    this.#catalog = await discoverResources(this.ctx.dynamic.rest, asLog(this.ctx.log));
  }

  async namespaces(): Promise<void> {
    const entries = [...this.plan.namespaces.entries()].sort(([a], [b]) => a.localeCompare(b));
    await forEachLimit(entries, this.#concurrency, async ([target, source]) => {
      throwIfAborted(this.ctx.signal);
      if (!(await ensureNamespace(this.ctx, target, source))) this.#brokenNamespaces.add(target);
    });
  }

  #resourceFor(groupResource: string): ResourceRef | undefined {
    const served = this.#catalog.byGroupResource(groupResource);
    if (served) return served;
    // A custom resource whose CRD this run established, before discovery shows it.
    const isRestoredCrd = (this.plan.items.get(crdResource) ?? []).some((i) => i.name === groupResource);
    return isRestoredCrd && !this.#unestablished.has(groupResource)
      ? this.#backupCrds.byGroupResource(groupResource)
      : undefined;
  }

  #notServed(groupResource: string, items: readonly PlannedItem[]): void {
    const crdProblem = this.#unestablished.get(groupResource);
    const perScope = new Map<string, number>();
    for (const item of items) {
      const reason = crdProblem
        ? `its CustomResourceDefinition ${groupResource} is not usable: ${crdProblem}`
        : "the cluster does not serve this resource";
      if (crdProblem)
        recordOutcome(this.ctx, item, {
          action: "failed",
          reason,
          error: `${item.groupResource} ${item.targetNamespace ? `${item.targetNamespace}/` : ""}${item.name}: not restored, ${reason}`,
        });
      else {
        recordOutcome(this.ctx, item, { action: "skipped", reason });
        perScope.set(item.targetNamespace, (perScope.get(item.targetNamespace) ?? 0) + 1);
      }
    }
    for (const [namespace, count] of perScope) {
      const message = `${count} ${groupResource} not restored: the cluster does not serve this resource (install its CRD or API first)`;
      this.ctx.log.warn(message, { resource: groupResource, namespace: namespace || undefined });
      this.ctx.results.warning(scopeOf(namespace), message);
    }
  }

  async rest(): Promise<void> {
    const remaining = [...this.plan.items.keys()].filter((gr) => gr !== crdResource);
    for (const groupResource of orderResources(remaining, (entry) => this.#catalog.resolve(entry))) {
      throwIfAborted(this.ctx.signal);
      const items = this.plan.items.get(groupResource) ?? [];
      const res = this.#resourceFor(groupResource);
      if (!res) this.#notServed(groupResource, items);
      else await this.#restoreItems(items, res);
    }
  }
}

async function prepare(
  request: RestoreRequest,
  deps: RestoreDeps,
): Promise<{ ctx: RunContext; plan: RestorePlan; cluster: ResourceCatalog; backupCrds: ResourceCatalog }> {
  const { log, signal } = deps;
  const contents = path.join(deps.workDir, "contents");
  await mkdir(contents, { recursive: true });
  const { index, formatVersion } = await extractTarball(deps.tarball, contents, signal);
  log.info("backup contents extracted", { items: index.size, formatVersion });
  const cluster = await discoverResources(deps.rest, asLog(log));
  const backupCrds = await backupCrdCatalog(index);
  const resolver = combinedResolver(cluster, backupCrds, index.groupResources());
  const resources = new ResourceFilter(resolver, request.includedResources, request.excludedResources);
  for (const problem of resources.problems) {
    log.warn(problem.message);
    deps.results.warning("lifeboat", problem.message);
  }
  const namespaces = new NamespaceFilter(request.includedNamespaces, request.excludedNamespaces);
  const plan = await selectItems(
    index,
    {
      namespaces,
      resources,
      labelSelector: request.labelSelector,
      orLabelSelectors: request.orLabelSelectors,
      clusterScoped: clusterScopedMode(request.includeClusterResources, namespaces),
      namespaceMapping: request.namespaceMapping,
    },
    signal,
  );
  if (plan.neverRestored.length > 0) log.info("resources never restored left out", { resources: plan.neverRestored });
  log.info("restore plan ready", {
    totalItems: plan.total,
    resources: plan.items.size,
    namespaces: plan.namespaces.size,
  });
  const restoreStatus = request.restoreStatus
    ? new ResourceFilter(resolver, request.restoreStatus.includedResources, request.restoreStatus.excludedResources)
    : undefined;
  for (const problem of restoreStatus?.problems ?? []) {
    log.warn(`restoreStatus.${problem.message}`);
    deps.results.warning("lifeboat", `restoreStatus.${problem.message}`);
  }
  const ctx: RunContext = {
    request,
    dynamic: new DynamicClient(deps.rest),
    index,
    log,
    results: deps.results,
    recorder: new ItemRecorder(path.join(deps.workDir, "restored-items.jsonl")),
    progress: new ProgressReporter(deps.onProgress, deps.now ?? (() => new Date())),
    totalItems: plan.total,
    signal,
    restoreStatus,
    actions: {
      namespaceMapping: request.namespaceMapping,
      preserveNodePorts: request.preserveNodePorts === true,
      restorePVs: request.restorePVs !== false,
      fsRestoredClaims: request.fsRestoredClaims ?? new Set(),
      podMutator: request.podMutator,
    },
    skippedVolumes: new Set(),
  };
  return { ctx, plan, cluster, backupCrds };
}

/**
 * Restores the backup in `deps.tarball` as `request` says. Resolves with the outcome (every
 * item's action; warnings and errors are in deps.results); rejects with RestoreError
 * (InvalidRequest, BadTarball, UnsupportedFormat, Aborted) or KubeError (discovery failed).
 */
export async function runRestore(request: RestoreRequest, deps: RestoreDeps): Promise<RestoreOutcome> {
  validateRequest(request, deps.concurrency ?? defaultConcurrency);
  throwIfAborted(deps.signal);
  deps.log.info("restore started", { restore: request.name, backup: request.backupName });
  const { ctx, plan, cluster, backupCrds } = await prepare(request, deps);
  const run = new Run(ctx, plan, { cluster, backupCrds }, deps);
  ctx.progress.update({ totalItems: plan.total, itemsRestored: 0 });
  try {
    await run.crds();
    await run.namespaces();
    await run.rest();
  } finally {
    ctx.recorder.flush();
  }
  ctx.progress.finish();
  const { recorder } = ctx;
  deps.log.info("restore finished", { totalItems: plan.total, ...recorder.counts });
  return {
    totalItems: plan.total,
    itemsRestored: recorder.recorded,
    items: [...recorder.items],
    itemsTruncated: recorder.truncated,
    itemsFile: recorder.file,
    counts: { ...recorder.counts },
    resourceList: recorder.resourceList(),
  };
}
