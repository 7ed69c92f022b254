/**
 * Keeps each BackupStorageLocation's status true: every `validationFrequency` (default 1m; "0s"
 * turns the periodic check off) the bucket is listed at the location's prefix, proving the
 * endpoint, the credentials and the bucket, and refusing a prefix that holds folders Lifeboat
 * did not write. The result is `status.phase` Available or Unavailable with a message that says
 * what to fix, and `lastValidationTime`.
 */
import type { BackupStorageLocation } from "../api/backup-storage-location.ts";
import { backupStorageLocationDefinition } from "../api/backup-storage-location.ts";
import { parseDuration } from "../api/duration.ts";
import { lifeboatClient, type ResourceClient } from "../kube/resource-client.ts";
import type { ReconcileResult } from "../kube/workqueue.ts";
import { isoNow, type ControllerContext } from "./context.ts";
import { nameOf } from "./controller.ts";
import { getOrUndefined } from "./not-found.ts";

const defaultFrequencyMs = 60_000;

export class LocationController {
  readonly #ctx: ControllerContext;
  readonly #client: ResourceClient<BackupStorageLocation>;
  readonly #validatedGeneration = new Map<string, number>();

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
    this.#client = lifeboatClient(ctx.rest, backupStorageLocationDefinition, ctx.namespace);
  }

  async reconcile(key: string): Promise<ReconcileResult> {
    const location = await getOrUndefined(this.#client, nameOf(key));
    if (!location) return;
    const frequencyMs = this.#frequency(location);
    const last = Date.parse(location.status?.lastValidationTime ?? "");
    const due = Number.isNaN(last) ? 0 : last + (frequencyMs || Infinity) - this.#ctx.clock.now();
    // A spec change (new generation) is checked at once; otherwise wait until the check is due.
    const name = location.metadata.name ?? "";
    const generation = location.metadata.generation ?? 0;
    const seen = this.#validatedGeneration.get(name) === generation;
    if (seen && location.status?.phase !== undefined && due > 0) {
      return frequencyMs > 0 ? { requeueAfterMs: Math.max(due, 1000) } : undefined;
    }
    this.#validatedGeneration.set(name, generation);
    const status = await this.#check(location);
    await this.#client.patchStatus(name, {
      ...status,
      lastValidationTime: isoNow(this.#ctx),
    });
    return frequencyMs > 0 ? { requeueAfterMs: frequencyMs } : undefined;
  }

  #frequency(location: BackupStorageLocation): number {
    try {
      return location.spec.validationFrequency ? parseDuration(location.spec.validationFrequency) : defaultFrequencyMs;
    } catch {
      return defaultFrequencyMs;
    }
  }

  async #check(location: BackupStorageLocation): Promise<{ phase: "Available" | "Unavailable"; message: string }> {
    try {
      const store = await this.#ctx.locations.storeFor(location);
      const result = await store.validate();
      if (result.phase === "Unavailable") return result;
      return { phase: "Available", message: `${store.description} is reachable and holds only Lifeboat data` };
    } catch (err) {
      return { phase: "Unavailable", message: (err as Error).message };
    }
  }
}
