/**
 * Related items an object pulls into the backup (Velero's built-in BackupItemActions and
 * ItemBlock relations), so a backup of a namespace restores on its own:
 * - a Pod → its PVCs (by claimName) and its PriorityClass;
 * - a PVC → the PV it is bound to;
 * - a ServiceAccount → the ClusterRoleBindings whose subjects name it, and their ClusterRoles;
 * - an object of a custom resource → its CustomResourceDefinition (`<plural>.<group>`).
 * Each relation is a reference; the engine applies the filters, de-duplicates and fetches it.
 * Most objects (ConfigMaps, Secrets…) have none, and `hasRelatedItems` lets the engine skip them
 * without any work per item.
 */
import type { DiscoveredResource } from "../kube/discovery.ts";
import type { Unstructured } from "../kube/dynamic.ts";

export const crdGroupResource = "customresourcedefinitions.apiextensions.k8s.io";
export const clusterRoleBindingsGroupResource = "clusterrolebindings.rbac.authorization.k8s.io";
export const clusterRolesGroupResource = "clusterroles.rbac.authorization.k8s.io";

export interface ItemRef {
  groupResource: string;
  /** Absent for cluster-scoped items. */
  namespace?: string;
  name: string;
  /** A miss (404) is expected and not worth a warning (a CRD looked up for a built-in group). */
  optional?: boolean;
}

export interface RelatedLookups {
  /** Every ClusterRoleBinding in the cluster (listed once per run by the caller). */
  clusterRoleBindings(): Promise<Unstructured[]>;
}

interface PodSpec {
  volumes?: { persistentVolumeClaim?: { claimName?: string } }[];
  priorityClassName?: string;
}

interface RoleBinding {
  roleRef?: { kind?: string; name?: string };
  subjects?: { kind?: string; name?: string; namespace?: string }[];
}

function podRelations(pod: Unstructured): ItemRef[] {
  const spec = (pod["spec"] ?? {}) as PodSpec;
  const namespace = pod.metadata?.namespace;
  const refs: ItemRef[] = [];
  for (const v of spec.volumes ?? []) {
    const claim = v.persistentVolumeClaim?.claimName;
    if (claim) refs.push({ groupResource: "persistentvolumeclaims", namespace, name: claim });
  }
  if (spec.priorityClassName)
    refs.push({ groupResource: "priorityclasses.scheduling.k8s.io", name: spec.priorityClassName });
  return refs;
}

function pvcRelations(pvc: Unstructured): ItemRef[] {
  const volumeName = (pvc["spec"] as { volumeName?: string } | undefined)?.volumeName;
  return volumeName ? [{ groupResource: "persistentvolumes", name: volumeName }] : [];
}

/** The ClusterRoleBindings naming ServiceAccount `namespace/name`, then their ClusterRoles. */
export function bindingsOfServiceAccount(
  bindings: readonly Unstructured[],
  namespace: string,
  name: string,
): ItemRef[] {
  const refs: ItemRef[] = [];
  const roles: ItemRef[] = [];
  for (const b of bindings as (Unstructured & RoleBinding)[]) {
    const names = (b.subjects ?? []).some(
      (s) => s.kind === "ServiceAccount" && s.name === name && s.namespace === namespace,
    );
    if (!names || !b.metadata?.name) continue;
    refs.push({ groupResource: clusterRoleBindingsGroupResource, name: b.metadata.name });
    if (b.roleRef?.kind === "ClusterRole" && b.roleRef.name)
      roles.push({ groupResource: clusterRolesGroupResource, name: b.roleRef.name });
  }
  return [...refs, ...roles];
}

const withRelatives = new Set(["pods", "persistentvolumeclaims", "serviceaccounts"]);

/** Whether objects of `res` can pull in relatives (other than their CRD). */
export function hasRelatedItems(res: DiscoveredResource): boolean {
  return withRelatives.has(res.groupResource);
}

/** The references `obj` (an object of `res`) pulls in, its CRD aside (see crdRefOf). */
export async function relatedItems(
  res: DiscoveredResource,
  obj: Unstructured,
  lookups: RelatedLookups,
): Promise<ItemRef[]> {
  if (res.groupResource === "pods") return podRelations(obj);
  if (res.groupResource === "persistentvolumeclaims") return pvcRelations(obj);
  if (res.groupResource === "serviceaccounts" && obj.metadata?.namespace && obj.metadata.name)
    return bindingsOfServiceAccount(await lookups.clusterRoleBindings(), obj.metadata.namespace, obj.metadata.name);
  return [];
}

/**
 * The CRD that would define `res` (`<plural>.<group>`), for any resource outside the core
 * group; optional, since built-in groups (apps, rbac…) have none. Needed once per resource.
 */
export function crdRefOf(res: DiscoveredResource): ItemRef | undefined {
  if (res.group === "" || res.groupResource === crdGroupResource) return undefined;
  return { groupResource: crdGroupResource, name: res.groupResource, optional: true };
}
