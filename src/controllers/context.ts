/**
 * What every controller of `lifeboat server` shares: the API client, the install namespace, the
 * clock, the logger, the bucket stores of the backup storage locations, a scratch folder for
 * runs, and the server's version (for ServerStatusRequests and backup metadata).
 */
import type { Clock } from "../kube/clock.ts";
import type { Log } from "../kube/log.ts";
import type { RestClient } from "../kube/rest.ts";
import type { LocationStores } from "./location-stores.ts";

export interface ControllerContext {
  rest: RestClient;
  /** Where the Lifeboat custom resources live (default "lifeboat"). */
  namespace: string;
  clock: Clock;
  log: Log;
  locations: LocationStores;
  /** Each backup/restore run works in a fresh folder under this one, removed afterwards. */
  workRoot: string;
  serverVersion: string;
}

export function isoNow(ctx: Pick<ControllerContext, "clock">): string {
  return new Date(ctx.clock.now()).toISOString().replace(/\.\d{3}Z$/, "Z");
}
