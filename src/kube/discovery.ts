/**
 * API discovery: which resources the cluster serves, at each group's preferred version. Asks
 * for aggregated discovery first (two requests, `/api` and `/apis`, answered as
 * APIGroupDiscoveryList, where each group lists its versions in preference order) and falls back
 * to legacy discovery (`/api`, `/apis`, then one APIResourceList per group at its preferred
 * version) on servers without it. Only resources that can be listed and read are kept;
 * subresources (`pods/log`) never are. A group whose discovery fails or is stale (an aggregated
 * API server that is down) is logged, reported in `failedGroups` and skipped; only a failure of
 * `/api` or `/apis` itself is fatal.
 */
import { forEachLimit } from "../util/pool.ts";
import type { Log } from "./log.ts";
import { silentLog } from "./log.ts";
import { KubeError } from "./errors.ts";
import type { RestClient } from "./rest.ts";
import {
  groupResourceOf,
  groupVersionOf,
  ResourceCatalog,
  type DiscoveredResource,
  type FailedGroup,
} from "./resource-catalog.ts";

export { ResourceCatalog, groupResourceOf, groupVersionOf } from "./resource-catalog.ts";
export type { DiscoveredResource, FailedGroup } from "./resource-catalog.ts";

const aggregatedAccept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

interface AggregatedResource {
  resource: string;
  responseKind?: { kind?: string };
  scope: "Namespaced" | "Cluster";
  singularResource?: string;
  verbs?: string[];
  shortNames?: string[];
}

interface AggregatedGroup {
  metadata?: { name?: string };
  versions?: { version: string; resources?: AggregatedResource[]; freshness?: string }[];
}

interface AggregatedList {
  kind?: string;
  items?: AggregatedGroup[];
}

interface LegacyResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  kind: string;
  verbs?: string[];
  shortNames?: string[];
}

interface LegacyGroupList {
  groups?: { name: string; preferredVersion?: { version: string }; versions?: { version: string }[] }[];
}

function readable(verbs: readonly string[]): boolean {
  return verbs.includes("list") && verbs.includes("get");
}

function fromAggregated(group: string, version: string, r: AggregatedResource): DiscoveredResource {
  return {
    group,
    version,
    resource: r.resource,
    kind: r.responseKind?.kind ?? "",
    namespaced: r.scope === "Namespaced",
    verbs: r.verbs ?? [],
    shortNames: r.shortNames ?? [],
    singular: r.singularResource ?? "",
    groupResource: groupResourceOf(group, r.resource),
    groupVersion: groupVersionOf(group, version),
  };
}

function fromLegacy(group: string, version: string, r: LegacyResource): DiscoveredResource {
  return {
    group,
    version,
    resource: r.name,
    kind: r.kind,
    namespaced: r.namespaced,
    verbs: r.verbs ?? [],
    shortNames: r.shortNames ?? [],
    singular: r.singularName || r.kind.toLowerCase(),
    groupResource: groupResourceOf(group, r.name),
    groupVersion: groupVersionOf(group, version),
  };
}

interface Found {
  resources: DiscoveredResource[];
  failed: FailedGroup[];
}

function addAggregated(list: AggregatedList, found: Found): void {
  for (const g of list.items ?? []) {
    const group = g.metadata?.name ?? "";
    const preferred = g.versions?.[0];
    if (!preferred) continue;
    if (preferred.freshness === "Stale") {
      found.failed.push({ group, message: `discovery of ${groupVersionOf(group, preferred.version)} is stale` });
      continue;
    }
    for (const r of preferred.resources ?? []) {
      if (r.resource.includes("/") || !readable(r.verbs ?? [])) continue;
      found.resources.push(fromAggregated(group, preferred.version, r));
    }
  }
}

async function legacyGroupVersion(rest: RestClient, group: string, version: string, found: Found): Promise<void> {
  const path = group === "" ? `/api/${version}` : `/apis/${group}/${version}`;
  const list = await rest.get<{ resources?: LegacyResource[] }>(path);
  for (const r of list.resources ?? []) {
    if (r.name.includes("/") || !readable(r.verbs ?? [])) continue;
    found.resources.push(fromLegacy(group, version, r));
  }
}

async function discoverLegacy(rest: RestClient, coreVersions: string[], found: Found): Promise<void> {
  const coreVersion = coreVersions[0] ?? "v1";
  await legacyGroupVersion(rest, "", coreVersion, found);
  const groups = (await rest.get<LegacyGroupList>("/apis")).groups ?? [];
  const perGroup = groups.map((g): { name: string; found: Found } => ({
    name: g.name,
    found: { resources: [], failed: [] },
  }));
  await forEachLimit(perGroup, 8, async (entry, i) => {
    const g = groups[i];
    const version = g?.preferredVersion?.version ?? g?.versions?.[0]?.version;
    if (!version) return;
    try {
      await legacyGroupVersion(rest, entry.name, version, entry.found);
    } catch (err) {
      entry.found.failed.push({ group: entry.name, message: err instanceof Error ? err.message : String(err) });
    }
  });
  for (const entry of perGroup) {
    found.resources.push(...entry.found.resources);
    found.failed.push(...entry.found.failed);
  }
}

/**
 * Every resource the cluster serves that can be listed and read, at its group's preferred
 * version, core group first. Throws KubeError when `/api` or `/apis` cannot be read.
 */
export async function discoverResources(rest: RestClient, log: Log = silentLog): Promise<ResourceCatalog> {
  const found: Found = { resources: [], failed: [] };
  const core = await rest.get<AggregatedList & { versions?: string[] }>("/api", { accept: aggregatedAccept });
  if (core?.kind === "APIGroupDiscoveryList") {
    addAggregated(core, found);
    const groups = await rest.get<AggregatedList>("/apis", { accept: aggregatedAccept });
    if (groups?.kind !== "APIGroupDiscoveryList")
      throw new KubeError("BadResponse", "GET /apis: expected an APIGroupDiscoveryList like /api returned");
    addAggregated(groups, found);
  } else {
    await discoverLegacy(rest, core?.versions ?? [], found);
  }
  for (const f of found.failed) log.warn({ group: f.group, err: f.message }, "API group skipped by discovery");
  return new ResourceCatalog(found.resources, found.failed);
}
