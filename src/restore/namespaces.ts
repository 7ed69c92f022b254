/**
 * Makes sure each namespace the restore writes into exists before anything is created in it,
 * as Velero's EnsureNamespaceExistsAndIsReady does: a missing namespace is created with the
 * labels and annotations of the backed-up Namespace (the source namespace's, when the restore
 * maps it to a new name); a namespace still terminating (deleted just before the restore) is
 * waited for, then created again. An existing namespace is left as it is, except that under
 * existingResourcePolicy "update" the backed-up labels and annotations are patched back.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { KubeError } from "../kube/errors.ts";
import type { ResourceRef } from "../kube/dynamic.ts";
import { differences } from "./compare.ts";
import { clusterScope } from "./item-index.ts";
import { addRestoreLabels } from "./metadata.ts";
import { type KubeObject, at, str, stringMap } from "./object.ts";
import { withRetry } from "./retry.ts";
import { type ItemOutcome, type RunContext, recordOutcome } from "./run-context.ts";
import { namespacesResource } from "./selection.ts";

export const namespaceRef: ResourceRef = { group: "", version: "v1", resource: "namespaces", namespaced: false };

/** How long a terminating namespace is waited for (Velero's resourceTerminatingTimeout). */
export const terminatingTimeoutMs = 10 * 60_000;
const pollMs = 1000;

/** Set by the API server from the name; a mapped namespace must not carry the source's. */
const nameLabel = "kubernetes.io/metadata.name";

async function desiredNamespace(ctx: RunContext, target: string, source: string): Promise<KubeObject> {
  const ref = { groupResource: namespacesResource, namespace: clusterScope, name: source };
  const backedUp = ctx.index.has(ref) ? await ctx.index.read(ref) : undefined;
  const labels = backedUp ? stringMap(backedUp, "labels") : {};
  delete labels[nameLabel];
  const annotations = backedUp ? stringMap(backedUp, "annotations") : {};
  const metadata: Record<string, unknown> = { name: target, labels };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  return addRestoreLabels({ apiVersion: "v1", kind: "Namespace", metadata }, ctx.request.backupName, ctx.request.name);
}

function terminating(ns: KubeObject): boolean {
  return str(at(ns, "status"), "phase") === "Terminating" || str(at(ns, "metadata"), "deletionTimestamp") !== undefined;
}

async function existing(ctx: RunContext, desired: KubeObject, live: KubeObject): Promise<ItemOutcome> {
  const diffs = differences(namespacesResource, { metadata: desired.metadata }, live);
  if (diffs.length === 0 || ctx.request.existingResourcePolicy !== "update")
    return { action: "skipped", reason: "namespace exists" };
  const name = str(at(desired, "metadata"), "name") ?? "";
  const patch = { metadata: { labels: stringMap(desired, "labels"), annotations: stringMap(desired, "annotations") } };
  await withRetry(() => ctx.dynamic.patch(namespaceRef, name, patch, undefined, { signal: ctx.signal }));
  return { action: "updated", reason: "namespace exists; backed-up labels and annotations patched back" };
}

async function ensure(ctx: RunContext, target: string, desired: KubeObject, deadline: number): Promise<ItemOutcome> {
  const { dynamic, signal } = ctx;
  let logged = false;
  for (;;) {
    let live: KubeObject | undefined;
    try {
      live = await withRetry(() => dynamic.get(namespaceRef, target, undefined, { signal }), { signal });
    } catch (err) {
      if (!KubeError.is(err, "NotFound")) throw err;
    }
    if (live && !terminating(live)) return existing(ctx, desired, live);
    if (!live) {
      try {
        await withRetry(() => dynamic.create(namespaceRef, desired, undefined, { signal }), { signal });
        return { action: "created" };
      } catch (err) {
        if (!KubeError.is(err, "AlreadyExists")) throw err;
      }
    } else if (!logged) {
      ctx.log.info(`namespace ${target} is terminating; waiting for it to go before recreating it`);
      logged = true;
    }
    if (Date.now() >= deadline) {
      const error = `namespace ${target} is still terminating after ${terminatingTimeoutMs / 1000}s; nothing restored into it`;
      return { action: "failed", reason: "namespace terminating", error };
    }
    await sleep(pollMs, undefined, signal ? { signal } : {});
  }
}

/**
 * Ensures one target namespace; records it as an item. Answers whether items can go into it.
 */
export async function ensureNamespace(
  ctx: RunContext,
  target: string,
  source: string,
  timeoutMs = terminatingTimeoutMs,
): Promise<boolean> {
  const item = {
    groupResource: namespacesResource,
    targetNamespace: "",
    name: target,
    apiVersion: "v1",
    kind: "Namespace",
  };
  let outcome: ItemOutcome;
  try {
    outcome = await ensure(ctx, target, await desiredNamespace(ctx, target, source), Date.now() + timeoutMs);
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    const message = err instanceof Error ? err.message : String(err);
    outcome = {
      action: "failed",
      reason: "namespace not ready",
      error: `namespace ${target} cannot be created: ${message}`,
    };
  }
  // A namespace's warnings and errors belong to the namespace itself.
  recordOutcome(ctx, item, outcome, { namespace: target });
  return outcome.action !== "failed";
}
