/**
 * Answers ServerStatusRequests (`lifeboat version` asks the server its version this way, as
 * Velero does): status Processed with serverVersion. Answered requests are deleted a minute later.
 */
import type { ServerStatusRequest } from "../api/server-status-request.ts";
import { serverStatusRequestDefinition } from "../api/server-status-request.ts";
import { lifeboatClient, type ResourceClient } from "../kube/resource-client.ts";
import type { ReconcileResult } from "../kube/workqueue.ts";
import { isoNow, type ControllerContext } from "./context.ts";
import { nameOf } from "./controller.ts";
import { deleteIfExists, getOrUndefined } from "./not-found.ts";

const keepMs = 60_000;

export class ServerStatusController {
  readonly #ctx: ControllerContext;
  readonly #client: ResourceClient<ServerStatusRequest>;

  constructor(ctx: ControllerContext) {
    this.#ctx = ctx;
    this.#client = lifeboatClient(ctx.rest, serverStatusRequestDefinition, ctx.namespace);
  }

  async reconcile(key: string): Promise<ReconcileResult> {
    const request = await getOrUndefined(this.#client, nameOf(key));
    if (!request) return;
    const name = request.metadata.name ?? "";
    if (request.status?.phase === "Processed") {
      const age = this.#ctx.clock.now() - Date.parse(request.status.processedTimestamp ?? "");
      if (age >= keepMs || Number.isNaN(age)) {
        await deleteIfExists(this.#client, name);
        return;
      }
      return { requeueAfterMs: keepMs - age + 1000 };
    }
    await this.#client.patchStatus(name, {
      phase: "Processed",
      serverVersion: this.#ctx.serverVersion,
      processedTimestamp: isoNow(this.#ctx),
    });
    return { requeueAfterMs: keepMs + 1000 };
  }
}
