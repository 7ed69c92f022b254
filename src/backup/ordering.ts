/**
 * The order resources are collected in, and which of them are collected at all: the core group
 * first as pods → PVCs → PVs → the rest of core (so pod-related items come first, as in Velero),
 * then the other groups in discovery order. A resource served by two groups for the same objects
 * ("cohabiting": events in core and events.k8s.io, the old extensions copies) is collected once,
 * from the group listed first. `orderedResources` (resource → "ns/name,ns/name") names items to
 * write first, in that order.
 */
import type { DiscoveredResource, ResourceCatalog } from "../kube/discovery.ts";

const corePriority = ["pods", "persistentvolumeclaims", "persistentvolumes"];

/** groupResource → the groupResource that serves the same objects and wins. */
const cohabitants: Record<string, string> = {
  "events.events.k8s.io": "events",
  "deployments.extensions": "deployments.apps",
  "daemonsets.extensions": "daemonsets.apps",
  "replicasets.extensions": "replicasets.apps",
  "networkpolicies.extensions": "networkpolicies.networking.k8s.io",
  "ingresses.extensions": "ingresses.networking.k8s.io",
  "podsecuritypolicies.extensions": "podsecuritypolicies.policy",
};

function rank(r: DiscoveredResource): number {
  if (r.group !== "") return corePriority.length + 1;
  const i = corePriority.indexOf(r.resource);
  return i < 0 ? corePriority.length : i;
}

/** `resources` in collection order (a stable sort: discovery order within each rank). */
export function collectionOrder(resources: readonly DiscoveredResource[]): DiscoveredResource[] {
  return resources
    .map((r, i) => ({ r, i }))
    .sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i)
    .map((x) => x.r);
}

/**
 * Drops the second copy of cohabiting resources ("events.events.k8s.io" when core "events" is
 * served): the same objects would be stored twice. Excluding either name therefore excludes
 * both. The second copy is kept only where the cluster does not serve the first, or when the
 * user named the second explicitly (`keep`).
 */
export function withoutCohabitants(
  resources: readonly DiscoveredResource[],
  served: Pick<ResourceCatalog, "byGroupResource">,
  keep: (groupResource: string) => boolean = () => false,
): DiscoveredResource[] {
  return resources.filter((r) => {
    const winner = cohabitants[r.groupResource];
    return winner === undefined || !served.byGroupResource(winner) || keep(r.groupResource);
  });
}

export interface OrderedResources {
  /** groupResource → item keys ("ns/name" or "name") in the order to write them. */
  byGroupResource: Map<string, string[]>;
  /** Keys that name no resource the cluster serves. */
  unknown: string[];
}

/** Resolves the keys of `orderedResources` through the catalog and splits the name lists. */
export function parseOrderedResources(
  ordered: Record<string, string> | undefined,
  catalog: Pick<ResourceCatalog, "resolve">,
): OrderedResources {
  const out: OrderedResources = { byGroupResource: new Map(), unknown: [] };
  for (const [key, list] of Object.entries(ordered ?? {})) {
    const gr = catalog.resolve(key);
    if (!gr) {
      out.unknown.push(key);
      continue;
    }
    const names = list
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    out.byGroupResource.set(gr, names);
  }
  return out;
}

/** Sorts items so those named in `order` come first, in its order; the rest keep theirs. */
export function applyOrder<T>(items: T[], order: readonly string[], keyOf: (item: T) => string): T[] {
  const position = new Map(order.map((k, i) => [k, i]));
  const named = items.filter((it) => position.has(keyOf(it)));
  named.sort((a, b) => (position.get(keyOf(a)) ?? 0) - (position.get(keyOf(b)) ?? 0));
  return [...named, ...items.filter((it) => !position.has(keyOf(it)))];
}
