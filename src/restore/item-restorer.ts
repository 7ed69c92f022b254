/**
 * Restores one item of the plan: reads it from the extracted backup, runs its item action,
 * resets server-owned metadata and status, places it in its target namespace with the
 * restore's labels, and creates it (transient API failures retried). An object that exists
 * already goes to src/restore/existing.ts; status, when the request restores it for this
 * resource, is written through the status subresource after creation. Every failure is
 * recorded for this item only; only cancellation stops the run.
 */
import { KubeError } from "../kube/errors.ts";
import type { ResourceRef, Unstructured } from "../kube/dynamic.ts";
import { runActions } from "./actions/index.ts";
import { RestoreError } from "./errors.ts";
import { ExistingObject } from "./existing.ts";
import { addRestoreLabels, resetMetadataAndStatus } from "./metadata.ts";
import { type KubeObject, at, clone, metadata, str } from "./object.ts";
import { withRetry } from "./retry.ts";
import { type ItemOutcome, type RunContext, describeTarget, recordOutcome } from "./run-context.ts";
import type { PlannedItem } from "./selection.ts";

const pvRef: ResourceRef = { group: "", version: "v1", resource: "persistentvolumes", namespaced: false };

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `res` addressed at the item's own version when the item is of the same group. */
export function refForItem(res: ResourceRef, apiVersion: string): ResourceRef {
  const slash = apiVersion.lastIndexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  return group === res.group && version ? { ...res, version } : res;
}

/** A Service create refused only because its preserved node port is taken (Velero #2308). */
function portAllocated(groupResource: string, err: unknown): boolean {
  return (
    groupResource === "services" &&
    KubeError.is(err, "Invalid") &&
    /provided port is already allocated/.test(messageOf(err))
  );
}

export class ItemRestorer {
  readonly #ctx: RunContext;

  constructor(ctx: RunContext) {
    this.#ctx = ctx;
  }

  /** Restores and records one item. Throws only RestoreError("Aborted"). */
  async restore(item: PlannedItem, res: ResourceRef): Promise<void> {
    let outcome: ItemOutcome;
    if (item.readError) outcome = { action: "failed", reason: "unreadable in the backup", error: item.readError };
    else if (item.skipReason) outcome = { action: "skipped", reason: item.skipReason };
    else {
      try {
        outcome = await this.#restore(item, res);
      } catch (err) {
        if (this.#ctx.signal?.aborted) throw new RestoreError("Aborted", "restore cancelled", { cause: err });
        outcome = { action: "failed", error: `error restoring ${describeTarget(item)}: ${messageOf(err)}` };
      }
    }
    recordOutcome(this.#ctx, item, outcome);
  }

  async #restore(item: PlannedItem, res: ResourceRef): Promise<ItemOutcome> {
    const ctx = this.#ctx;
    const original = await ctx.index.read(item);
    const status = ctx.restoreStatus?.matches(item.groupResource) ? clone(original.status) : undefined;
    const keepVolumeName =
      item.groupResource === "persistentvolumeclaims" ? await this.#claimKeepsVolume(item, original) : undefined;
    const result = runActions(item.groupResource, original, {
      ...ctx.actions,
      sourceNamespace: item.namespace,
      keepVolumeName,
    });
    if (result.skip !== undefined) {
      if (item.groupResource === "persistentvolumes") ctx.skippedVolumes.add(item.name);
      return { action: "skipped", reason: result.skip };
    }
    const desired = this.#place(resetMetadataAndStatus(result.obj), item, res);
    const ref = refForItem(res, str(desired, "apiVersion") ?? "");
    const namespace = ref.namespaced ? item.targetNamespace || undefined : undefined;
    let created: Unstructured;
    try {
      created = await withRetry(() => ctx.dynamic.create(ref, desired, namespace, { signal: ctx.signal }), {
        signal: ctx.signal,
        onRetry: (err, delayMs) =>
          ctx.log.debug(`create of ${describeTarget(item)} retried: ${messageOf(err)}`, { delayMs }),
      });
    } catch (err) {
      if (KubeError.is(err, "AlreadyExists") || portAllocated(item.groupResource, err))
        return new ExistingObject(ctx, ref, item).handle(desired);
      if (KubeError.is(err, "NotFound") && /page not found/.test(messageOf(err)))
        throw new Error(
          `the cluster does not serve ${str(desired, "apiVersion") ?? ""} ${str(desired, "kind") ?? ""}`,
          {
            cause: err,
          },
        );
      throw err;
    }
    if (status !== undefined) return this.#restoreStatus(item, ref, namespace, created, status);
    return { action: "created" };
  }

  #place(obj: KubeObject, item: PlannedItem, res: ResourceRef): KubeObject {
    const meta = metadata(obj);
    if (res.namespaced && item.targetNamespace) meta.namespace = item.targetNamespace;
    else delete meta.namespace;
    obj.metadata = meta;
    return addRestoreLabels(obj, this.#ctx.request.backupName, this.#ctx.request.name);
  }

  /**
   * Whether a claim keeps spec.volumeName: only when that PV is there for it (restored by this
   * run, or already in the cluster unclaimed or claimed by this very claim). Otherwise the claim
   * would wait forever for a volume that is not coming; without the name it gets a new one.
   */
  async #claimKeepsVolume(item: PlannedItem, claim: KubeObject): Promise<boolean> {
    const ctx = this.#ctx;
    const volume = str(at(claim, "spec"), "volumeName");
    if (!volume || ctx.actions.restorePVs === false) return false;
    if (ctx.actions.fsRestoredClaims.has(`${item.namespace}/${item.name}`) || ctx.skippedVolumes.has(volume))
      return false;
    let pv: KubeObject;
    try {
      pv = await withRetry(() => ctx.dynamic.get(pvRef, volume, undefined, { signal: ctx.signal }), {
        signal: ctx.signal,
      });
    } catch (err) {
      if (!KubeError.is(err, "NotFound")) ctx.log.warn(`PV ${volume} cannot be read: ${messageOf(err)}`);
      return false;
    }
    if (str(metadata(pv), "deletionTimestamp")) return false;
    const claimRef = at(pv, "spec", "claimRef");
    if (!claimRef) return true;
    if (str(claimRef, "uid") && str(at(pv, "status"), "phase") === "Released") return false;
    return str(claimRef, "namespace") === item.targetNamespace && str(claimRef, "name") === item.name;
  }

  async #restoreStatus(
    item: PlannedItem,
    ref: ResourceRef,
    namespace: string | undefined,
    created: Unstructured,
    status: unknown,
  ): Promise<ItemOutcome> {
    const { dynamic, rest } = { dynamic: this.#ctx.dynamic, rest: this.#ctx.dynamic.rest };
    const signal = this.#ctx.signal;
    const path = `${dynamic.path(ref, namespace, item.name)}/status`;
    let current = created;
    for (let attempt = 1; ; attempt++) {
      try {
        await withRetry(() => rest.put(path, { ...current, status }, { signal }), { signal });
        return { action: "created", reason: "status restored" };
      } catch (err) {
        if (!KubeError.is(err, "Conflict") || attempt >= 3) {
          const warning = `${describeTarget(item)}: created, but its status could not be restored: ${messageOf(err)}`;
          return { action: "created", warning };
        }
        current = await withRetry(() => dynamic.get(ref, item.name, namespace, { signal }), { signal });
      }
    }
  }
}
