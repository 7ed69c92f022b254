/**
 * Decides, for one object, whether it goes into the backup, writes it, and follows its related
 * items. Every object passes the same checks whether it came from a LIST or as a relative:
 * once per (groupResource, namespace, name); not labelled `lifeboat.dev/exclude-from-backup=true`
 * (or Velero's `velero.io/exclude-from-backup=true`); not being deleted. Relatives are checked
 * against the namespace and resource filters and the cluster-scoped mode too (not against the
 * label selector: the PV of a selected PVC carries no label of its own), then fetched with a GET.
 * A relative that cannot be fetched is a warning (404) or an error, never the end of the run.
 */
import { includesRelatedClusterScoped, type ClusterScopedMode } from "../filters/cluster-scoped.ts";
import type { NamespaceFilter } from "../filters/namespace-filter.ts";
import type { ResourceFilter } from "../filters/resource-filter.ts";
import type { DiscoveredResource, ResourceCatalog } from "../kube/discovery.ts";
import type { DynamicClient, Unstructured } from "../kube/dynamic.ts";
import { KubeError } from "../kube/errors.ts";
import type { RunLog } from "../util/run-log.ts";
import type { Scope } from "../util/results.ts";
import {
  clusterRoleBindingsGroupResource,
  crdRefOf,
  hasRelatedItems,
  relatedItems,
  type ItemRef,
} from "./additional-items.ts";
import { BackupError } from "./errors.ts";
import type { ItemWriter } from "./item-writer.ts";
import type { ProgressReporter } from "./progress.ts";

export const excludeLabels = ["lifeboat.dev/exclude-from-backup", "velero.io/exclude-from-backup"];

export interface ItemBackupperDeps {
  catalog: ResourceCatalog;
  dyn: DynamicClient;
  namespaces: NamespaceFilter;
  resources: ResourceFilter;
  clusterMode: ClusterScopedMode;
  writer: ItemWriter;
  progress: ProgressReporter;
  log: RunLog;
  signal?: AbortSignal;
}

export function scopeOf(namespace: string | undefined): Scope {
  return namespace ? { namespace } : "cluster";
}

function describe(gr: string, namespace: string | undefined, name: string): string {
  return namespace ? `${gr} ${namespace}/${name}` : `${gr} ${name}`;
}

/** Why `obj` stays out of the backup, or undefined. */
export function exclusionReason(obj: Unstructured): string | undefined {
  const labels = obj.metadata?.labels ?? {};
  const label = excludeLabels.find((l) => labels[l] === "true");
  if (label) return `it is labelled ${label}=true`;
  if (obj.metadata?.deletionTimestamp) return "it is being deleted";
  return undefined;
}

export class ItemBackupper {
  readonly #d: ItemBackupperDeps;
  /** groupResource → namespace ("" when cluster-scoped) → names; nested to spare a key string per item. */
  readonly #claimed = new Map<string, Map<string, Set<string>>>();
  /** groupResources whose CRD has been looked for. */
  readonly #crdLooked = new Set<string>();
  readonly #namespacesWithItems = new Set<string>();
  #clusterRoleBindings: Promise<Unstructured[]> | undefined;

  constructor(deps: ItemBackupperDeps) {
    this.#d = deps;
  }

  /** Namespaces in which at least one item was written. */
  get namespacesWithItems(): ReadonlySet<string> {
    return this.#namespacesWithItems;
  }

  /** An object from a LIST of `res` (cluster-wide lists are filtered by namespace here). */
  async backupListed(res: DiscoveredResource, obj: Unstructured): Promise<void> {
    this.#checkAborted();
    const namespace = res.namespaced ? obj.metadata?.namespace : undefined;
    if (res.namespaced && !this.#d.namespaces.matches(namespace ?? "")) return;
    if (!this.#claim(res.groupResource, namespace, obj.metadata?.name ?? "")) return;
    await this.#backup(res, obj);
  }

  /** A relative: filtered, de-duplicated, fetched, then backed up like a listed object. */
  async backupRef(ref: ItemRef): Promise<void> {
    this.#checkAborted();
    const res = this.#d.catalog.byGroupResource(ref.groupResource);
    if (!res || !this.#allowed(res, ref.namespace)) return;
    const namespace = res.namespaced ? ref.namespace : undefined;
    if (!this.#claim(res.groupResource, namespace, ref.name)) return;
    let obj: Unstructured;
    try {
      obj = await this.#d.dyn.get(res, ref.name, namespace, { signal: this.#d.signal });
    } catch (err) {
      this.#checkAborted();
      if (KubeError.is(err, "NotFound") && ref.optional) return;
      const what = describe(res.groupResource, namespace, ref.name);
      const message = `related item ${what} could not be read: ${(err as Error).message}`;
      if (KubeError.is(err, "NotFound")) this.#d.log.warn(message, {}, scopeOf(namespace));
      else this.#d.log.error(message, {}, scopeOf(namespace));
      return;
    }
    await this.#backup(res, obj);
  }

  #checkAborted(): void {
    if (this.#d.signal?.aborted)
      throw new BackupError("Aborted", "the backup was cancelled", { cause: this.#d.signal.reason });
  }

  #claim(gr: string, namespace: string | undefined, name: string): boolean {
    let byNamespace = this.#claimed.get(gr);
    if (!byNamespace) this.#claimed.set(gr, (byNamespace = new Map<string, Set<string>>()));
    let names = byNamespace.get(namespace ?? "");
    if (!names) byNamespace.set(namespace ?? "", (names = new Set<string>()));
    if (names.has(name)) return false;
    names.add(name);
    return true;
  }

  #allowed(res: DiscoveredResource, namespace: string | undefined): boolean {
    if (!this.#d.resources.matches(res.groupResource)) return false;
    if (res.namespaced) return this.#d.namespaces.matches(namespace ?? "");
    return includesRelatedClusterScoped(this.#d.clusterMode);
  }

  async #backup(res: DiscoveredResource, obj: Unstructured): Promise<void> {
    const namespace = res.namespaced ? obj.metadata?.namespace : undefined;
    const reason = exclusionReason(obj);
    if (reason) {
      this.#d.log.info(`skipping ${describe(res.groupResource, namespace, obj.metadata?.name ?? "")}: ${reason}`);
      return;
    }
    this.#d.progress.accepted();
    await this.#d.writer.write(res, obj);
    this.#d.progress.backedUp();
    if (namespace) this.#namespacesWithItems.add(namespace);
    if (hasRelatedItems(res))
      for (const ref of await relatedItems(res, obj, { clusterRoleBindings: () => this.#bindings() }))
        await this.backupRef(ref);
    if (!this.#crdLooked.has(res.groupResource)) {
      this.#crdLooked.add(res.groupResource);
      const crd = crdRefOf(res);
      if (crd) await this.backupRef(crd);
    }
  }

  /** All ClusterRoleBindings, listed once per run on first need; [] (and an error) if that fails. */
  #bindings(): Promise<Unstructured[]> {
    this.#clusterRoleBindings ??= (async () => {
      const res = this.#d.catalog.byGroupResource(clusterRoleBindingsGroupResource);
      if (!res || !this.#allowed(res, undefined)) return [];
      const out: Unstructured[] = [];
      try {
        for await (const b of this.#d.dyn.listAll(res, { signal: this.#d.signal })) out.push(b);
      } catch (err) {
        this.#d.log.error(
          `listing ClusterRoleBindings to find those of backed-up ServiceAccounts failed: ${(err as Error).message}`,
          {},
          "cluster",
        );
        return [];
      }
      return out;
    })();
    return this.#clusterRoleBindings;
  }
}
