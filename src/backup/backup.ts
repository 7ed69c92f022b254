/**
 * The resource backup engine: `runBackup(request, deps)` collects every object the request
 * selects into `<workDir>/<name>.tar.gz` in Velero's layout and returns what the controller
 * uploads next to it (resource list, counts, the backed-up pods for the pod-volume step).
 *
 * Steps: discover the served resources (preferred versions) → build the filters (resource names
 * resolved kubectl-style; unknown ones reported) → find the included namespaces → plan the
 * LISTs (pods, PVCs, PVs first; per namespace or cluster-wide, whichever needs fewer calls) →
 * stream every accepted item straight into the gzipped tarball while listing, following related
 * items (pod → PVC → PV, ServiceAccount → ClusterRoleBindings, custom resource → CRD) → add the
 * Namespace objects → close the tarball. Memory stays bounded by one page per running list:
 * nothing is gathered except names for the resource list.
 *
 * Per-item problems go to the run's results and the run goes on; only an unusable request, a
 * failed discovery of the whole API, a tarball that cannot be written, or cancellation throw
 * (BackupError), and then the partial tarball is removed.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { clusterScopedMode, namespacesGroupResource } from "../filters/cluster-scoped.ts";
import { FilterError } from "../filters/errors.ts";
import { matches, toQuery } from "../filters/label-selector.ts";
import { NamespaceFilter, validateNamespaceFilter } from "../filters/namespace-filter.ts";
import { ResourceFilter } from "../filters/resource-filter.ts";
import { discoverResources, type ResourceCatalog } from "../kube/discovery.ts";
import { DynamicClient } from "../kube/dynamic.ts";
import { collect, planLists } from "./collector.ts";
import { BackupError } from "./errors.ts";
import { ItemBackupper } from "./item-backupper.ts";
import { ItemWriter } from "./item-writer.ts";
import { resolveNamespaces, type IncludedNamespaces } from "./namespaces.ts";
import { collectionOrder, parseOrderedResources, withoutCohabitants } from "./ordering.ts";
import { ProgressReporter } from "./progress.ts";
import { defaultConcurrency, type BackupDeps, type BackupOutcome, type BackupRequest } from "./request.ts";
import { TarballWriter } from "./tarball-writer.ts";
import { versionFileContent, versionPath } from "./tarball-layout.ts";

export type { BackupDeps, BackupOutcome, BackupRequest, BackupProgress } from "./request.ts";

async function discover(deps: BackupDeps): Promise<ResourceCatalog> {
  let catalog: ResourceCatalog;
  try {
    catalog = await discoverResources(deps.rest);
  } catch (err) {
    throw new BackupError("DiscoveryFailed", `API discovery failed: ${(err as Error).message}`, { cause: err });
  }
  for (const g of catalog.failedGroups)
    deps.log.warn(`API group "${g.group}" is not backed up: its discovery failed (${g.message})`, {}, "lifeboat");
  return catalog;
}

interface Filters {
  namespaces: NamespaceFilter;
  resources: ResourceFilter;
  /** One LIST per entry; [""] when there is no selector. */
  selectors: string[];
}

function buildFilters(request: BackupRequest, catalog: ResourceCatalog, deps: BackupDeps): Filters {
  const problems = validateNamespaceFilter(request.includedNamespaces, request.excludedNamespaces);
  const ors = request.orLabelSelectors ?? [];
  if (request.labelSelector && ors.length > 0)
    problems.push("labelSelector and orLabelSelectors are both set; use one of them");
  let selectors: string[] = [];
  try {
    selectors = ors.length > 0 ? ors.map((s) => toQuery(s)) : [toQuery(request.labelSelector)];
  } catch (err) {
    if (!FilterError.is(err)) throw err;
    problems.push(err.message);
  }
  if (problems.length > 0) throw new BackupError("InvalidRequest", problems.join("; "));
  const resources = new ResourceFilter(catalog, request.includedResources, request.excludedResources);
  for (const p of resources.problems) {
    if (p.field === "includedResources") deps.log.error(p.message, {}, "lifeboat");
    else deps.log.warn(p.message, {}, "lifeboat");
  }
  return {
    namespaces: new NamespaceFilter(request.includedNamespaces, request.excludedNamespaces),
    resources,
    selectors,
  };
}

function hasSelector(request: BackupRequest): boolean {
  return request.labelSelector !== undefined || (request.orLabelSelectors ?? []).length > 0;
}

/**
 * The Namespace objects of the included namespaces. With a label selector, a namespace is kept
 * if its own labels match or if any item in it was backed up (so a restore can recreate it).
 */
async function backupNamespaceObjects(
  request: BackupRequest,
  included: IncludedNamespaces,
  catalog: ResourceCatalog,
  filters: Filters,
  backupper: ItemBackupper,
): Promise<void> {
  const res = catalog.byGroupResource(namespacesGroupResource);
  if (!res || !filters.resources.matches(namespacesGroupResource)) return;
  const selectors =
    (request.orLabelSelectors ?? []).length > 0 ? (request.orLabelSelectors ?? []) : [request.labelSelector];
  for (const [name, ns] of included.objects) {
    const selected = selectors.some((s) => matches(s, ns.metadata?.labels));
    if (!hasSelector(request) || selected || backupper.namespacesWithItems.has(name))
      await backupper.backupListed(res, ns);
  }
}

function concurrencyOf(deps: BackupDeps): number {
  const n = deps.concurrency ?? defaultConcurrency;
  if (!Number.isInteger(n) || n < 1)
    throw new BackupError(
      "InvalidRequest",
      `concurrency must be a positive integer (default ${defaultConcurrency}), got ${n}`,
    );
  return n;
}

export async function runBackup(request: BackupRequest, deps: BackupDeps): Promise<BackupOutcome> {
  const now = deps.now ?? ((): Date => new Date());
  const { log, signal } = deps;
  const concurrency = concurrencyOf(deps);
  log.info("backup started", { backup: request.name, uid: request.uid });
  const catalog = await discover(deps);
  const filters = buildFilters(request, catalog, deps);
  const dyn = new DynamicClient(deps.rest);
  const included = await resolveNamespaces(dyn, catalog, filters.namespaces, log, signal);
  const clusterMode = clusterScopedMode(request.includeClusterResources, filters.namespaces);
  const ordered = parseOrderedResources(request.orderedResources, catalog);
  for (const key of ordered.unknown)
    log.warn(`orderedResources: "${key}" is not a resource this cluster serves; its order is ignored`, {}, "lifeboat");
  const matching = catalog.all().filter((r) => filters.resources.matches(r.groupResource));
  const resources = collectionOrder(
    withoutCohabitants(matching, catalog, (gr) => filters.resources.includesExplicitly(gr)),
  );
  const tasks = planLists({
    resources,
    namespaces: included.names,
    namespaceFilter: filters.namespaces,
    clusterMode,
    selectors: filters.selectors,
  });
  log.info("collecting resources", {
    resources: resources.length,
    namespaces: included.names?.length,
    lists: tasks.length,
    clusterScoped: clusterMode,
  });

  const tarballPath = path.join(deps.workDir, `${request.name}.tar.gz`);
  const tarball = new TarballWriter(tarballPath, now());
  const progress = new ProgressReporter(deps.onProgress, now);
  const writer = new ItemWriter(tarball);
  const backupper = new ItemBackupper({
    catalog,
    dyn,
    namespaces: filters.namespaces,
    resources: filters.resources,
    clusterMode,
    writer,
    progress,
    log,
    signal,
  });
  let tarballBytes: number;
  try {
    await tarball.add({ name: versionPath, data: Buffer.from(versionFileContent) });
    await collect(tasks, {
      dyn,
      backupper,
      progress,
      log,
      concurrency,
      ordered: ordered.byGroupResource,
      signal,
    });
    await backupNamespaceObjects(request, included, catalog, filters, backupper);
    tarballBytes = await tarball.finish();
  } catch (err) {
    tarball.abort();
    await rm(tarballPath, { force: true });
    throw err;
  }
  const final = progress.flush();
  log.info("backup of resources done", { items: writer.written, tarballBytes });
  return {
    tarballPath,
    tarballBytes,
    resourceList: writer.resourceList.toJSON(),
    totalItems: final.totalItems,
    itemsBackedUp: final.itemsBackedUp,
    pods: [...writer.pods].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`)),
  };
}
