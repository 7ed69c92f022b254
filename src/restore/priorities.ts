/**
 * The order in which a restore creates resources, as Velero's default restore priorities
 * (`defaultRestorePriorities`, Velero v1.18 config.go): the high-priority list first, in its
 * exact order, then every other resource of the backup alphabetically, then the low-priority
 * list. Pods come before ReplicaSets and controllers, so pods that need their volumes restored
 * exist (with their init containers) before a controller would create fresh ones; CRDs and
 * namespaces come before anything that lives in them.
 */

export const defaultHighPriorities: readonly string[] = [
  "customresourcedefinitions",
  "namespaces",
  "storageclasses",
  "volumesnapshotclass.snapshot.storage.k8s.io",
  "volumesnapshotcontents.snapshot.storage.k8s.io",
  "volumesnapshots.snapshot.storage.k8s.io",
  "datauploads.velero.io",
  "persistentvolumes",
  "persistentvolumeclaims",
  "clusterroles",
  "roles",
  "serviceaccounts",
  "clusterrolebindings",
  "rolebindings",
  "secrets",
  "configmaps",
  "limitranges",
  "priorityclasses",
  "pods",
  "replicasets.apps",
  "clusterclasses.cluster.x-k8s.io",
  "endpoints",
  "services",
];

export const defaultLowPriorities: readonly string[] = [
  "clusterbootstraps.run.tanzu.vmware.com",
  "clusters.cluster.x-k8s.io",
  "clusterresourcesets.addons.cluster.x-k8s.io",
  "apps.kappctrl.k14s.io",
  "packageinstalls.packaging.carvel.dev",
];

/**
 * Maps a priority entry to the groupResource it means in this cluster. Entries without a
 * group ("storageclasses", "roles") are resolved through discovery, as Velero does; an entry
 * discovery does not know is taken literally.
 */
export type PriorityResolver = (entry: string) => string | undefined;

/**
 * The groupResources of `present` (those in the backup) in restore order. Each resource appears
 * once, at its first matching priority entry.
 */
export function orderResources(
  present: Iterable<string>,
  resolve: PriorityResolver = () => undefined,
  high: readonly string[] = defaultHighPriorities,
  low: readonly string[] = defaultLowPriorities,
): string[] {
  const remaining = new Set(present);
  const take = (entries: readonly string[]): string[] => {
    const out: string[] = [];
    for (const entry of entries) {
      const groupResource = remaining.has(entry) ? entry : resolve(entry);
      if (groupResource !== undefined && remaining.delete(groupResource)) out.push(groupResource);
    }
    return out;
  };
  const first = take(high);
  const last = take(low);
  const middle = [...remaining].sort();
  return [...first, ...middle, ...last];
}
