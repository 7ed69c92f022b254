/**
 * Velero's `includeClusterResources` semantics, in one place:
 * - `true`: every cluster-scoped resource (still subject to the resource filter) is listed;
 * - `false`: no cluster-scoped object at all, not even the PV of a backed-up PVC — only the
 *   Namespace objects of the included namespaces, which are never treated as cluster resources;
 * - unset ("auto"): cluster-scoped objects come only as relatives of included namespaced ones
 *   (PVs of backed-up PVCs, CRDs of backed-up custom resources, ClusterRoleBindings and their
 *   ClusterRoles that name a backed-up ServiceAccount) — except when the run covers every
 *   namespace with no namespace excluded, where it means all of them, as in Velero.
 */
import type { NamespaceFilter } from "./namespace-filter.ts";

/** "all": list every cluster-scoped resource; "related": only relatives; "none": nothing. */
export type ClusterScopedMode = "all" | "related" | "none";

export function clusterScopedMode(
  includeClusterResources: boolean | undefined,
  namespaces: Pick<NamespaceFilter, "includesEverything">,
): ClusterScopedMode {
  if (includeClusterResources === true) return "all";
  if (includeClusterResources === false) return "none";
  return namespaces.includesEverything ? "all" : "related";
}

/** Whether the run lists cluster-scoped resources wholesale. */
export function listsClusterScoped(mode: ClusterScopedMode): boolean {
  return mode === "all";
}

/** Whether a cluster-scoped object that a namespaced one refers to may be included. */
export function includesRelatedClusterScoped(mode: ClusterScopedMode): boolean {
  return mode !== "none";
}

/** Namespaces are cluster-scoped but follow the namespace filter, not this mode. */
export const namespacesGroupResource = "namespaces";
