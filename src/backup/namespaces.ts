/**
 * The namespaces a run covers: the cluster's namespaces that pass the namespace filter, with
 * their Namespace objects (a backup carries the Namespace object of each namespace it covers, as
 * Velero's does, so a restore into a new cluster recreates labels and annotations). Explicitly
 * named namespaces that do not exist are reported as warnings. If namespaces cannot be listed,
 * explicitly named ones are read one by one; with globs the run goes on without the list
 * (cluster-wide LISTs filtered by the globs still find every item) and reports an error.
 */
import type { NamespaceFilter } from "../filters/namespace-filter.ts";
import type { ResourceCatalog } from "../kube/discovery.ts";
import type { DynamicClient, Unstructured } from "../kube/dynamic.ts";
import { KubeError } from "../kube/errors.ts";
import type { RunLog } from "../util/run-log.ts";

export interface IncludedNamespaces {
  /** The included namespaces that exist, sorted; undefined when they could not be listed. */
  names: string[] | undefined;
  /** Their Namespace objects, by name. */
  objects: Map<string, Unstructured>;
}

async function readOneByOne(
  dyn: DynamicClient,
  res: Parameters<DynamicClient["get"]>[0],
  names: string[],
  log: RunLog,
): Promise<IncludedNamespaces> {
  const objects = new Map<string, Unstructured>();
  for (const name of names) {
    try {
      objects.set(name, await dyn.get(res, name));
    } catch (err) {
      if (KubeError.is(err, "NotFound"))
        log.warn(`namespace "${name}" does not exist; nothing to back up there`, {}, "lifeboat");
      else log.error(`namespace "${name}" could not be read: ${(err as Error).message}`, {}, { namespace: name });
    }
  }
  return { names: [...objects.keys()].sort(), objects };
}

export async function resolveNamespaces(
  dyn: DynamicClient,
  catalog: ResourceCatalog,
  filter: NamespaceFilter,
  log: RunLog,
  signal?: AbortSignal,
): Promise<IncludedNamespaces> {
  const res = catalog.byGroupResource("namespaces");
  if (!res) {
    log.error("the cluster serves no namespaces resource; Namespace objects are not backed up", {}, "lifeboat");
    return { names: filter.explicitNames, objects: new Map() };
  }
  const objects = new Map<string, Unstructured>();
  try {
    for await (const ns of dyn.listAll(res, { signal })) {
      const name = ns.metadata?.name ?? "";
      if (filter.matches(name)) objects.set(name, ns);
    }
  } catch (err) {
    if (KubeError.is(err, "Aborted")) throw err;
    const explicit = filter.explicitNames;
    if (explicit) return readOneByOne(dyn, res, explicit, log);
    log.error(
      `namespaces could not be listed (${(err as Error).message}); items are still collected, but Namespace objects are not backed up`,
      {},
      "lifeboat",
    );
    return { names: undefined, objects };
  }
  for (const name of filter.explicitNames ?? [])
    if (!objects.has(name)) log.warn(`namespace "${name}" does not exist; nothing to back up there`, {}, "lifeboat");
  return { names: [...objects.keys()].sort(), objects };
}
