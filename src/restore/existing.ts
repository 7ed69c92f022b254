/**
 * What happens when the object to restore already exists (the create answered AlreadyExists),
 * per the request's existingResourcePolicy, as in Velero:
 * - an object this very restore created (a retried create whose first attempt did land) is
 *   reported as created;
 * - a ServiceAccount gets the backup's missing secrets, imagePullSecrets, labels and
 *   annotations merged in, whatever the policy (every namespace has `default`);
 * - an object that is the same as the backed-up one (src/restore/compare.ts) is skipped
 *   quietly; under "update" it gets the restore's labels;
 * - one that differs is left as it is with a warning under "none", and merge-patched back to
 *   the backed-up content under "update"; when that patch is refused (immutable fields), only
 *   the restore's labels are set, with a warning.
 */
import { KubeError } from "../kube/errors.ts";
import type { ResourceRef, Unstructured } from "../kube/dynamic.ts";
import { serviceAccountMergePatch } from "./actions/service-account.ts";
import { differences, labelsPatch, updatePatch } from "./compare.ts";
import { labelValueFor, restoreNameLabel, withoutRestoreLabels } from "./metadata.ts";
import { type KubeObject, at, clone, setStringMap, stringMap } from "./object.ts";
import { withRetry } from "./retry.ts";
import { type ItemOutcome, type ItemTarget, type RunContext, describeTarget } from "./run-context.ts";

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class ExistingObject {
  readonly #ctx: RunContext;
  readonly #ref: ResourceRef;
  readonly #item: ItemTarget;
  readonly #namespace: string | undefined;

  constructor(ctx: RunContext, ref: ResourceRef, item: ItemTarget) {
    this.#ctx = ctx;
    this.#ref = ref;
    this.#item = item;
    this.#namespace = ref.namespaced && item.targetNamespace ? item.targetNamespace : undefined;
  }

  #call<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, { signal: this.#ctx.signal });
  }

  #patch(patch: unknown): Promise<Unstructured> {
    const { dynamic, signal } = this.#ctx;
    return this.#call(() => dynamic.patch(this.#ref, this.#item.name, patch, this.#namespace, { signal }));
  }

  /** The item's outcome, given the object the restore meant to create. */
  async handle(desired: KubeObject): Promise<ItemOutcome> {
    const what = describeTarget(this.#item);
    let live: KubeObject;
    try {
      const { dynamic, signal } = this.#ctx;
      live = await this.#call(() => dynamic.get(this.#ref, this.#item.name, this.#namespace, { signal }));
    } catch (err) {
      const error = `${what} already exists but cannot be read: ${messageOf(err)}`;
      return { action: "failed", reason: "exists, unreadable", error };
    }
    if (stringMap(live, "labels")[restoreNameLabel] === labelValueFor(this.#ctx.request.name))
      return { action: "created", reason: "created by an earlier attempt of this restore" };
    if (this.#item.groupResource === "serviceaccounts") return this.#mergeServiceAccount(live, desired, what);
    const diffs = differences(this.#item.groupResource, desired, live);
    if (diffs.length === 0) return this.#same(desired, what);
    if (this.#ctx.request.existingResourcePolicy !== "update") {
      const shown = diffs.slice(0, 3).join(", ") + (diffs.length > 3 ? ", …" : "");
      const warning = `${what} exists and differs (${shown}); not changed (use --existing-resource-policy update)`;
      return { action: "skipped", reason: "exists and differs", warning };
    }
    return this.#update(desired, live, what);
  }

  async #same(desired: KubeObject, what: string): Promise<ItemOutcome> {
    const reason = "exists and is the same as in the backup";
    if (this.#ctx.request.existingResourcePolicy !== "update") return { action: "skipped", reason };
    try {
      await this.#patch(labelsPatch(desired));
      return { action: "skipped", reason };
    } catch (err) {
      return { action: "skipped", reason, warning: `${what}: restore labels could not be set: ${messageOf(err)}` };
    }
  }

  async #update(desired: KubeObject, live: KubeObject, what: string): Promise<ItemOutcome> {
    try {
      await this.#patch(updatePatch(desired, live));
      return { action: "updated", reason: "exists and differed; patched to the backed-up content" };
    } catch (err) {
      if (KubeError.is(err, "Aborted")) throw err;
      const refused = messageOf(err);
      try {
        await this.#patch(labelsPatch(desired));
      } catch (labelErr) {
        return {
          action: "failed",
          reason: "exists and differs; update refused",
          error: `${what} exists and differs; it could not be updated (${refused}) nor labelled (${messageOf(labelErr)})`,
        };
      }
      const warning = `${what} exists and differs; it could not be updated (${refused}); only its restore labels were set`;
      return { action: "failed", reason: "exists and differs; update refused", warning };
    }
  }

  async #mergeServiceAccount(live: KubeObject, desired: KubeObject, what: string): Promise<ItemOutcome> {
    const withoutOurs = clone(desired);
    setStringMap(withoutOurs, "labels", withoutRestoreLabels(stringMap(desired, "labels")));
    const patch = serviceAccountMergePatch(live, withoutOurs);
    if (!patch) return { action: "skipped", reason: "exists and has everything the backup has" };
    const labels = { ...(at(patch, "metadata", "labels") ?? {}), ...at(labelsPatch(desired), "metadata", "labels") };
    patch.metadata = { ...at(patch, "metadata"), labels };
    try {
      await this.#patch(patch);
      return { action: "updated", reason: "exists; the backup's secrets, labels and annotations merged in" };
    } catch (err) {
      return {
        action: "failed",
        reason: "exists; merge refused",
        warning: `${what} exists; merging the backup's secrets, labels and annotations failed: ${messageOf(err)}`,
      };
    }
  }
}
