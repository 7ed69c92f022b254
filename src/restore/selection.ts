/**
 * Chooses what a restore creates, from the extracted backup and the request's filters, before
 * anything is sent to the cluster: the namespace filter on source namespaces, the resource
 * filter, the label selector (or any of the OR selectors), and includeClusterResources.
 *
 * Cluster-scoped objects follow src/filters/cluster-scoped.ts: with mode "related" (specific
 * namespaces, includeClusterResources unset) only the cluster-scoped relatives of what is
 * restored come along, as Velero's additional items do: the PVs of restored claims, the CRDs
 * of restored custom resources, and ClusterRoleBindings naming a restored ServiceAccount with
 * their ClusterRoles. Relatives are not subject to the label selector. Namespace objects are
 * not items here: the namespaces the restore needs are listed separately (target → source) and
 * created first, with the backed-up Namespace's labels and annotations.
 *
 * Each item is read once here (labels, completion); the plan keeps only its address.
 */
import { includesRelatedClusterScoped, type ClusterScopedMode } from "../filters/cluster-scoped.ts";
import { matches, type LabelSelector } from "../filters/label-selector.ts";
import type { NamespaceFilter } from "../filters/namespace-filter.ts";
import type { ResourceFilter } from "../filters/resource-filter.ts";
import { claimOf } from "./actions/persistent-volume.ts";
import { RestoreError, throwIfAborted } from "./errors.ts";
import { type ItemIndex, type ItemRef, clusterScope } from "./item-index.ts";
import { type KubeObject, at, isRecord, list, str, stringMap } from "./object.ts";
import { itemSkipReason, resourceSkipReason } from "./skip-rules.ts";

export const namespacesResource = "namespaces";
export const crdResource = "customresourcedefinitions.apiextensions.k8s.io";
const pvResource = "persistentvolumes";
const pvcResource = "persistentvolumeclaims";
const crbResource = "clusterrolebindings.rbac.authorization.k8s.io";
const clusterRoleResource = "clusterroles.rbac.authorization.k8s.io";

export interface PlannedItem extends ItemRef {
  /** Where it is created; "" for cluster-scoped items. */
  targetNamespace: string;
  apiVersion: string;
  kind: string;
  /** Set when the item is counted but not created (a completed pod…). */
  skipReason?: string;
  /** Set when the item cannot be read from the backup: it is counted as failed. */
  readError?: string;
}

export interface RestorePlan {
  /** Planned items by groupResource (Namespace objects excluded). */
  items: Map<string, PlannedItem[]>;
  /** Target namespace → the source namespace it comes from. */
  namespaces: Map<string, string>;
  /** Resources of the backup left out because they are never restored. */
  neverRestored: string[];
  total: number;
}

export interface SelectionFilters {
  namespaces: NamespaceFilter;
  resources: ResourceFilter;
  labelSelector?: LabelSelector | undefined;
  orLabelSelectors?: LabelSelector[] | undefined;
  clusterScoped: ClusterScopedMode;
  namespaceMapping: Readonly<Record<string, string>>;
}

export function targetNamespaceOf(source: string, mapping: Readonly<Record<string, string>>): string {
  return mapping[source] ?? source;
}

function selectedByLabels(filters: SelectionFilters, obj: KubeObject): boolean {
  const labels = stringMap(obj, "labels");
  if (filters.labelSelector && !matches(filters.labelSelector, labels)) return false;
  const any = filters.orLabelSelectors ?? [];
  return any.length === 0 || any.some((s) => matches(s, labels));
}

function planned(ref: ItemRef, obj: KubeObject, targetNamespace: string): PlannedItem {
  const item: PlannedItem = {
    ...ref,
    targetNamespace,
    apiVersion: str(obj, "apiVersion") ?? "",
    kind: str(obj, "kind") ?? "",
  };
  const reason = itemSkipReason(ref.groupResource, ref.namespace || undefined, obj);
  if (reason) item.skipReason = reason;
  return item;
}

/** What the related pass needs to know about the namespaced items selected. */
interface Relatives {
  claims: Set<string>;
  claimedVolumes: Set<string>;
  namespaces: Set<string>;
}

class Selector {
  readonly #index: ItemIndex;
  readonly #filters: SelectionFilters;
  readonly #signal: AbortSignal | undefined;
  readonly plan: RestorePlan = { items: new Map(), namespaces: new Map(), neverRestored: [], total: 0 };
  readonly relatives: Relatives = { claims: new Set(), claimedVolumes: new Set(), namespaces: new Set() };
  /** cluster-scoped groupResources kept for the related pass */
  readonly deferred: string[] = [];

  constructor(index: ItemIndex, filters: SelectionFilters, signal: AbortSignal | undefined) {
    this.#index = index;
    this.#filters = filters;
    this.#signal = signal;
  }

  add(item: PlannedItem): void {
    let items = this.plan.items.get(item.groupResource);
    if (!items) this.plan.items.set(item.groupResource, (items = []));
    items.push(item);
    this.plan.total++;
    if (item.targetNamespace) this.plan.namespaces.set(item.targetNamespace, item.namespace);
  }

  /** The item, or undefined after planning it as failed (a corrupt file in the backup). */
  async #read(ref: ItemRef, targetNamespace: string): Promise<KubeObject | undefined> {
    try {
      return await this.#index.read(ref);
    } catch (err) {
      if (!RestoreError.is(err, "BadTarball")) throw err;
      this.add({ ...ref, targetNamespace, apiVersion: "", kind: ref.groupResource, readError: err.message });
      return undefined;
    }
  }

  async namespaced(groupResource: string, namespace: string): Promise<void> {
    if (!this.#filters.namespaces.matches(namespace)) return;
    const target = targetNamespaceOf(namespace, this.#filters.namespaceMapping);
    for (const name of this.#index.names(groupResource, namespace)) {
      throwIfAborted(this.#signal);
      const ref = { groupResource, namespace, name };
      const obj = await this.#read(ref, target);
      if (!obj || !selectedByLabels(this.#filters, obj)) continue;
      const item = planned(ref, obj, target);
      this.add(item);
      if (item.skipReason) continue;
      this.relatives.namespaces.add(namespace);
      if (groupResource === pvcResource) {
        this.relatives.claims.add(`${namespace}/${name}`);
        const volume = str(at(obj, "spec"), "volumeName");
        if (volume) this.relatives.claimedVolumes.add(volume);
      }
    }
  }

  async cluster(groupResource: string, include: (obj: KubeObject, name: string) => boolean): Promise<void> {
    for (const name of this.#index.names(groupResource, clusterScope)) {
      throwIfAborted(this.#signal);
      const ref = { groupResource, namespace: clusterScope, name };
      const obj = await this.#read(ref, "");
      if (obj && include(obj, name)) this.add(planned(ref, obj, ""));
    }
  }

  async resource(groupResource: string): Promise<void> {
    for (const namespace of this.#index.namespaces(groupResource)) {
      if (namespace !== clusterScope) await this.namespaced(groupResource, namespace);
      else if (this.#filters.clusterScoped === "all")
        await this.cluster(groupResource, (obj) => selectedByLabels(this.#filters, obj));
      else if (includesRelatedClusterScoped(this.#filters.clusterScoped)) this.deferred.push(groupResource);
    }
  }

  /** The related cluster-scoped objects (mode "related"), relatives of what was selected. */
  async related(): Promise<void> {
    const deferred = new Set(this.deferred);
    const { claims, claimedVolumes, namespaces } = this.relatives;
    if (deferred.has(pvResource))
      await this.cluster(pvResource, (pv, name) => claimedVolumes.has(name) || claims.has(claimOf(pv) ?? ""));
    if (deferred.has(crdResource)) await this.cluster(crdResource, (_crd, name) => this.plan.items.has(name));
    const roles = new Set<string>();
    if (deferred.has(crbResource)) {
      await this.cluster(crbResource, (binding) => {
        const bound = list(binding, "subjects").some(
          (s) => str(s, "kind") === "ServiceAccount" && namespaces.has(str(s, "namespace") ?? ""),
        );
        const roleRef = at(binding, "roleRef");
        if (bound && str(roleRef, "kind") === "ClusterRole") roles.add(str(roleRef, "name") ?? "");
        return bound;
      });
    }
    if (deferred.has(clusterRoleResource)) await this.cluster(clusterRoleResource, (_role, name) => roles.has(name));
  }

  async namespaceObjects(): Promise<void> {
    if (!this.#filters.resources.matches(namespacesResource)) return;
    for (const name of this.#index.names(namespacesResource, clusterScope)) {
      if (!this.#filters.namespaces.matches(name)) continue;
      const obj = await this.#index.read({ groupResource: namespacesResource, namespace: clusterScope, name });
      if (isRecord(obj) && selectedByLabels(this.#filters, obj))
        this.plan.namespaces.set(targetNamespaceOf(name, this.#filters.namespaceMapping), name);
    }
  }
}

/** The restore plan for `index` under `filters`. */
export async function selectItems(
  index: ItemIndex,
  filters: SelectionFilters,
  signal?: AbortSignal,
): Promise<RestorePlan> {
  const selector = new Selector(index, filters, signal);
  for (const groupResource of index.groupResources().sort()) {
    if (groupResource === namespacesResource) continue;
    if (resourceSkipReason(groupResource)) selector.plan.neverRestored.push(groupResource);
    else if (filters.resources.matches(groupResource)) await selector.resource(groupResource);
  }
  await selector.related();
  await selector.namespaceObjects();
  selector.plan.total += selector.plan.namespaces.size;
  return selector.plan;
}
