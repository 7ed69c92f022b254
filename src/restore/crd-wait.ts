/**
 * Waits for restored CustomResourceDefinitions to be served: a CRD is usable once its
 * `Established` condition is True (its names accepted, the API path live). Custom resources
 * are only created after that; a CRD that does not get there within the timeout (default 60 s,
 * as Velero's resourceTimeout-bounded crdAvailable) is reported, and its custom resources fail
 * with that reason instead of a confusing 404 each.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { DynamicClient, ResourceRef } from "../kube/dynamic.ts";
import { type KubeObject, isRecord, list, str, at } from "./object.ts";
import { withRetry } from "./retry.ts";

export const crdRef: ResourceRef = {
  group: "apiextensions.k8s.io",
  version: "v1",
  resource: "customresourcedefinitions",
  namespaced: false,
};

function condition(crd: KubeObject, type: string): Record<string, unknown> | undefined {
  return list(at(crd, "status"), "conditions").find((c) => isRecord(c) && c.type === type) as
    Record<string, unknown> | undefined;
}

/** "Established", a reason it cannot become so, or undefined while it may still. */
export function crdState(crd: KubeObject): "Established" | { failed: string } | undefined {
  if (str(condition(crd, "Established"), "status") === "True") return "Established";
  const names = condition(crd, "NamesAccepted");
  if (str(names, "status") === "False")
    return { failed: `its names were not accepted: ${str(names, "message") ?? str(names, "reason") ?? "conflict"}` };
  return undefined;
}

export interface CrdWaitOptions {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  pollMs?: number;
}

/**
 * Waits until every named CRD is Established. Answers the CRDs that are not, each with the
 * reason (empty map when all are).
 */
export async function waitForCrds(
  dynamic: DynamicClient,
  names: readonly string[],
  options: CrdWaitOptions,
): Promise<Map<string, string>> {
  const pending = new Set(names);
  const failed = new Map<string, string>();
  const deadline = Date.now() + options.timeoutMs;
  const signal = options.signal;
  while (pending.size > 0) {
    for (const name of [...pending]) {
      try {
        const state = crdState(await withRetry(() => dynamic.get(crdRef, name, undefined, { signal }), { signal }));
        if (state === "Established") pending.delete(name);
        else if (state) {
          failed.set(name, state.failed);
          pending.delete(name);
        }
      } catch (err) {
        if (signal?.aborted) throw err;
        failed.set(name, err instanceof Error ? err.message : String(err));
        pending.delete(name);
      }
    }
    if (pending.size === 0) break;
    if (Date.now() >= deadline) {
      for (const name of pending) failed.set(name, `not Established within ${Math.round(options.timeoutMs / 1000)}s`);
      break;
    }
    await sleep(options.pollMs ?? 250, undefined, signal ? { signal } : {});
  }
  return failed;
}
