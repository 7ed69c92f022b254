/**
 * The custom resources the backup's CRDs define, as a ResourceCatalog. Two uses: the resource
 * filter resolves names like "crontabs" or "ct" for custom resources whose CRD is not installed
 * yet (the restore installs it), and a custom resource can be addressed as soon as its CRD is
 * Established, even when discovery has not caught up yet.
 */
import type { ResourceResolver } from "../filters/resource-filter.ts";
import { ResourceCatalog, groupResourceOf, groupVersionOf, type DiscoveredResource } from "../kube/resource-catalog.ts";
import { clusterScope, type ItemIndex } from "./item-index.ts";
import { type KubeObject, at, isRecord, list, str } from "./object.ts";
import { crdResource } from "./selection.ts";

function servedVersion(spec: Record<string, unknown> | undefined): string | undefined {
  const versions = list(spec, "versions").filter(isRecord);
  const storage = versions.find((v) => v.storage === true) ?? versions.find((v) => v.served === true) ?? versions[0];
  return str(storage, "name") ?? str(spec, "version");
}

/** The resource a CRD defines, or undefined when the CRD is malformed. */
export function resourceFromCrd(crd: KubeObject): DiscoveredResource | undefined {
  const spec = at(crd, "spec");
  const names = at(spec, "names");
  const group = str(spec, "group");
  const plural = str(names, "plural");
  const kind = str(names, "kind");
  const version = servedVersion(spec);
  if (!group || !plural || !kind || !version) return undefined;
  return {
    group,
    version,
    resource: plural,
    kind,
    namespaced: str(spec, "scope") !== "Cluster",
    verbs: ["create", "delete", "get", "list", "patch", "update", "watch"],
    shortNames: list(names, "shortNames").filter((s): s is string => typeof s === "string"),
    singular: str(names, "singular") ?? kind.toLowerCase(),
    groupResource: groupResourceOf(group, plural),
    groupVersion: groupVersionOf(group, version),
  };
}

/** A catalog of the custom resources defined by the CRDs in the backup. */
export async function backupCrdCatalog(index: ItemIndex): Promise<ResourceCatalog> {
  const resources: DiscoveredResource[] = [];
  for (const name of index.names(crdResource, clusterScope)) {
    const resource = resourceFromCrd(await index.read({ groupResource: crdResource, namespace: clusterScope, name }));
    if (resource) resources.push(resource);
  }
  return new ResourceCatalog(resources);
}

/**
 * Resolves user-typed resource names against the cluster first, then the backup's CRDs, then
 * the exact groupResources of the backup (a resource neither knows is still named exactly).
 */
export function combinedResolver(
  cluster: ResourceResolver,
  backupCrds: ResourceResolver,
  backupResources: readonly string[],
): ResourceResolver {
  const exact = new Set(backupResources);
  return {
    resolve: (name) => {
      const lower = name.trim().toLowerCase();
      return cluster.resolve(name) ?? backupCrds.resolve(name) ?? (exact.has(lower) ? lower : undefined);
    },
  };
}
