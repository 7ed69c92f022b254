/**
 * What every controller of `lifeboat server` shares: the API client, the install namespace, the
 * clock, the logger, the bucket stores of the backup storage locations, a scratch folder for
 * runs, and the server's version (for ServerStatusRequests and backup metadata).
 */
import { kubeTime, type Clock } from "../kube/clock.ts";
import type { Log } from "../kube/log.ts";
import type { RestClient } from "../kube/rest.ts";
import type { Repositories } from "../podvolume/repositories.ts";
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
  /** The restic-format repositories of pod volume data, one per (namespace, location). */
  repositories: Repositories;
  podVolumes: PodVolumeSettings;
}

export interface PodVolumeSettings {
  /** How long a backup or restore waits for its pod volumes in all. */
  timeoutMs: number;
  /** An InProgress pod volume backup/restore without a status change for this long has a dead node agent. */
  stallMs: number;
  /** The image of the restore-wait init container (Lifeboat's own image). */
  restoreHelperImage: string;
}

export function isoNow(ctx: Pick<ControllerContext, "clock">): string {
  return kubeTime(ctx.clock.now());
}
