/**
 * The pod-volume step of a backup, after its resources are collected: for each backed-up pod,
 * the volumes to copy (src/podvolume/select-volumes.ts), one PodVolumeBackup each for the node
 * agent of the pod's node, then the wait until every one has ended. A PVB whose agent stops
 * reporting (no status change for `stallMs` while InProgress) or that is not done by `timeoutMs`
 * is marked Failed here with the reason, so a dead node agent never hangs a backup. Failures
 * are errors of the pod's namespace, naming pod and volume.
 */
import { randomBytes } from "node:crypto";
import type { V1Pod } from "@kubernetes/client-node";
import type { Backup } from "../api/backup.ts";
import type { BackupStorageLocation } from "../api/backup-storage-location.ts";
import { labels } from "../api/group.ts";
import type { PodVolumeBackup } from "../api/pod-volume-backup.ts";
import { podVolumeBackupDefinition } from "../api/pod-volume-backup.ts";
import type { Clock } from "../kube/clock.ts";
import { KubeError } from "../kube/errors.ts";
import { lifeboatClient, type ResourceClient } from "../kube/resource-client.ts";
import type { RestClient } from "../kube/rest.ts";
import type { Repositories } from "../podvolume/repositories.ts";
import { podVolumeCounts, waitForPodVolumes } from "../podvolume/wait.ts";
import { ClaimRegistry, dedupeClaims, selectVolumes } from "../podvolume/select-volumes.ts";
import type { RunLog } from "../util/run-log.ts";

export interface PodVolumeBackupDeps {
  rest: RestClient;
  namespace: string;
  repositories: Repositories;
  clock: Clock;
  log: RunLog;
  /** Give up on a PVB that has not ended after this long. */
  timeoutMs: number;
  /** Give up on an InProgress PVB whose status has not changed for this long (its agent died). */
  stallMs: number;
  pollMs?: number;
  signal?: AbortSignal;
  onProgress?: (counts: PodVolumeCounts & { totalBytes: number; bytesDone: number }) => void;
}

export interface PodVolumeCounts {
  attempted: number;
  completed: number;
  failed: number;
}

export interface PodVolumeBackupOutcome extends PodVolumeCounts {
  podVolumeBackups: PodVolumeBackup[];
}

function podName(pod: V1Pod): string {
  return `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
}

async function claimUid(rest: RestClient, namespace: string, claim: string): Promise<string | undefined> {
  try {
    const pvc = await rest.get<{ metadata?: { uid?: string } }>(
      `/api/v1/namespaces/${namespace}/persistentvolumeclaims/${claim}`,
    );
    return pvc.metadata?.uid;
  } catch (err) {
    if (KubeError.is(err, "NotFound")) return undefined;
    throw err;
  }
}

interface PlannedVolume {
  pod: V1Pod;
  volume: string;
  claimName?: string;
}

export class PodVolumeBackups {
  readonly #deps: PodVolumeBackupDeps;
  readonly #client: ResourceClient<PodVolumeBackup>;

  constructor(deps: PodVolumeBackupDeps) {
    this.#deps = deps;
    this.#client = lifeboatClient(deps.rest, podVolumeBackupDefinition, deps.namespace);
  }

  /** The volumes of `pods` to back up; what is left out is logged with its reason. */
  async plan(
    pods: Array<{ namespace: string; name: string }>,
    defaultVolumesToFsBackup: boolean,
  ): Promise<PlannedVolume[]> {
    const { rest, log } = this.#deps;
    const claims = new ClaimRegistry();
    const planned: PlannedVolume[] = [];
    for (const ref of pods) {
      let pod: V1Pod;
      try {
        pod = await rest.get<V1Pod>(`/api/v1/namespaces/${ref.namespace}/pods/${ref.name}`);
      } catch (err) {
        if (KubeError.is(err, "NotFound")) continue;
        throw err;
      }
      const selection = dedupeClaims(pod, selectVolumes(pod, { defaultVolumesToFsBackup }), claims);
      for (const skipped of selection.skipped) {
        log.debug("volume not backed up", { pod: podName(pod), volume: skipped.name, reason: skipped.reason });
      }
      if (selection.unavailable) {
        if (selection.volumes.length > 0) {
          const names = selection.volumes.map((v) => v.name).join(", ");
          log.error(
            `pod ${podName(pod)}: volumes ${names} not backed up: ${selection.unavailable}`,
            {},
            { namespace: ref.namespace },
          );
        }
        continue;
      }
      for (const volume of selection.volumes) {
        planned.push({ pod, volume: volume.name, ...(volume.claimName ? { claimName: volume.claimName } : {}) });
      }
    }
    return planned;
  }

  async run(
    backup: Backup,
    location: BackupStorageLocation,
    planned: PlannedVolume[],
  ): Promise<PodVolumeBackupOutcome> {
    if (planned.length === 0) return { attempted: 0, completed: 0, failed: 0, podVolumeBackups: [] };
    const identifiers = new Map<string, string>();
    for (const namespace of new Set(planned.map((p) => p.pod.metadata?.namespace ?? ""))) {
      const opened = await this.#deps.repositories.open({ location, volumeNamespace: namespace, write: true });
      identifiers.set(namespace, opened.identifier);
    }
    const created: PodVolumeBackup[] = [];
    for (const item of planned) {
      created.push(
        await this.#create(backup, location, item, identifiers.get(item.pod.metadata?.namespace ?? "") ?? ""),
      );
    }
    this.#deps.log.info("waiting for pod volume backups", { count: created.length });
    const finished = await this.#wait(created.map((p) => p.metadata.name ?? ""));
    return this.#summarize(finished);
  }

  async #create(
    backup: Backup,
    location: BackupStorageLocation,
    item: PlannedVolume,
    repoIdentifier: string,
  ): Promise<PodVolumeBackup> {
    const pod = {
      namespace: item.pod.metadata?.namespace ?? "",
      name: item.pod.metadata?.name ?? "",
      uid: item.pod.metadata?.uid ?? "",
    };
    const owner = { name: backup.metadata.name ?? "", uid: backup.metadata.uid ?? "" };
    const pvcUid = item.claimName ? await claimUid(this.#deps.rest, pod.namespace, item.claimName) : undefined;
    const pvb: PodVolumeBackup = {
      apiVersion: "lifeboat.dev/v1",
      kind: "PodVolumeBackup",
      metadata: {
        name: `${owner.name}-${randomBytes(3).toString("hex")}`.slice(-253),
        namespace: this.#deps.namespace,
        labels: {
          [labels.backupName]: owner.name,
          [labels.backupUid]: owner.uid,
          [labels.podUid]: pod.uid,
          ...(pvcUid ? { [labels.pvcUid]: pvcUid } : {}),
        },
        ownerReferences: [{ apiVersion: "lifeboat.dev/v1", kind: "Backup", ...owner, controller: true }],
      },
      spec: {
        node: item.pod.spec?.nodeName ?? "",
        pod: { kind: "Pod", ...pod },
        volume: item.volume,
        backupStorageLocation: location.metadata.name ?? "",
        repoIdentifier,
        tags: {
          backup: owner.name,
          "backup-uid": owner.uid,
          ns: pod.namespace,
          pod: pod.name,
          volume: item.volume,
          ...(item.claimName ? { pvc: item.claimName } : {}),
          ...(pvcUid ? { "pvc-uid": pvcUid } : {}),
        },
      },
    };
    return this.#client.create(pvb);
  }

  #wait(names: string[]): Promise<PodVolumeBackup[]> {
    return waitForPodVolumes(this.#client, names, {
      clock: this.#deps.clock,
      timeoutMs: this.#deps.timeoutMs,
      stallMs: this.#deps.stallMs,
      ...(this.#deps.pollMs ? { pollMs: this.#deps.pollMs } : {}),
      ...(this.#deps.signal ? { signal: this.#deps.signal } : {}),
      worker: (pvb) => `the node agent on node ${pvb.spec.node}`,
      onPoll: (current) => this.#report(current),
    });
  }

  #report(current: PodVolumeBackup[]): void {
    let totalBytes = 0;
    let bytesDone = 0;
    for (const pvb of current) {
      totalBytes += pvb.status?.progress?.totalBytes ?? 0;
      bytesDone += pvb.status?.progress?.bytesDone ?? 0;
    }
    this.#deps.onProgress?.({ ...podVolumeCounts(current), totalBytes, bytesDone });
  }

  async #summarize(current: PodVolumeBackup[]): Promise<PodVolumeBackupOutcome> {
    const final = await Promise.all(current.map((p) => this.#client.get(p.metadata.name ?? "")));
    for (const pvb of final) {
      const where = `pod ${pvb.spec.pod.namespace}/${pvb.spec.pod.name} volume ${pvb.spec.volume}`;
      if (pvb.status?.phase === "Completed") {
        this.#deps.log.info("pod volume backed up", {
          pod: `${pvb.spec.pod.namespace}/${pvb.spec.pod.name}`,
          volume: pvb.spec.volume,
          snapshotID: pvb.status.snapshotID,
          bytes: pvb.status.progress?.totalBytes,
        });
      } else {
        this.#deps.log.error(
          `${where}: pod volume backup ${pvb.status?.phase ?? "unfinished"}: ${pvb.status?.message ?? "no message"}`,
          {},
          { namespace: pvb.spec.pod.namespace },
        );
      }
    }
    return { ...podVolumeCounts(final), podVolumeBackups: final };
  }
}
