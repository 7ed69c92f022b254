/**
 * The pod-volume step of a restore. Before the resources are created: from the backup's
 * PodVolumeBackups, which pods get their volumes back by file-system restore — those get the
 * `restore-wait` init container first in line (so the app never starts on an empty volume),
 * and their claims are re-provisioned (a new PV, never the old one's binding). After: once each
 * such pod is scheduled, one PodVolumeRestore per volume for the node agent of its node, and the
 * wait until all have ended; a stalled or late one is failed here, never left hanging.
 * Failures are errors of the pod's (target) namespace.
 */
import { randomBytes } from "node:crypto";
import type { V1Container, V1Pod } from "@kubernetes/client-node";
import { labels } from "../api/group.ts";
import type { PodVolumeBackup } from "../api/pod-volume-backup.ts";
import type { PodVolumeRestore } from "../api/pod-volume-restore.ts";
import { podVolumeRestoreDefinition } from "../api/pod-volume-restore.ts";
import type { Restore } from "../api/restore.ts";
import type { Clock } from "../kube/clock.ts";
import { KubeError } from "../kube/errors.ts";
import { lifeboatClient, type ResourceClient } from "../kube/resource-client.ts";
import type { RestClient } from "../kube/rest.ts";
import { restoreWaitContainer, restoreWaitName } from "../podvolume/restore-wait.ts";
import type { RunLog } from "../util/run-log.ts";
import { podVolumeCounts, waitForPodVolumes } from "../podvolume/wait.ts";

export interface PodVolumeRestoreDeps {
  rest: RestClient;
  namespace: string;
  clock: Clock;
  log: RunLog;
  timeoutMs: number;
  stallMs: number;
  restoreHelperImage: string;
  pollMs?: number;
  signal?: AbortSignal;
  onProgress?: (counts: { attempted: number; completed: number; failed: number }) => void;
}

interface VolumeToRestore {
  volume: string;
  snapshotID: string;
  repoIdentifier: string;
  backupStorageLocation: string;
  claimName?: string;
}

export class PodVolumeRestores {
  readonly #deps: PodVolumeRestoreDeps;
  readonly #client: ResourceClient<PodVolumeRestore>;
  /** "sourceNamespace/pod" → its volumes with a completed snapshot. */
  readonly #byPod = new Map<string, VolumeToRestore[]>();

  constructor(deps: PodVolumeRestoreDeps, podVolumeBackups: PodVolumeBackup[]) {
    this.#deps = deps;
    this.#client = lifeboatClient(deps.rest, podVolumeRestoreDefinition, deps.namespace);
    for (const pvb of podVolumeBackups) {
      if (pvb.status?.phase !== "Completed" || !pvb.status.snapshotID) continue;
      const key = `${pvb.spec.pod.namespace}/${pvb.spec.pod.name}`;
      const list = this.#byPod.get(key) ?? [];
      const claimName = pvb.spec.tags?.["pvc"];
      list.push({
        volume: pvb.spec.volume,
        snapshotID: pvb.status.snapshotID,
        repoIdentifier: pvb.spec.repoIdentifier,
        backupStorageLocation: pvb.spec.backupStorageLocation,
        ...(claimName ? { claimName } : {}),
      });
      this.#byPod.set(key, list);
    }
  }

  get isEmpty(): boolean {
    return this.#byPod.size === 0;
  }

  /** "sourceNamespace/claim" of every claim whose data comes back by file-system restore. */
  claims(): Set<string> {
    const claims = new Set<string>();
    for (const [key, volumes] of this.#byPod) {
      const namespace = key.slice(0, key.indexOf("/"));
      for (const v of volumes) if (v.claimName) claims.add(`${namespace}/${v.claimName}`);
    }
    return claims;
  }

  /** The restore engine's pod hook: restore-wait first among the init containers. */
  podMutator(restoreUid: string): (pod: Record<string, unknown>, sourceNamespace: string) => Record<string, unknown> {
    return (raw, sourceNamespace) => {
      const pod = raw as V1Pod;
      const volumes = this.#byPod.get(`${sourceNamespace}/${pod.metadata?.name ?? ""}`);
      const spec = pod.spec;
      if (!spec) return raw;
      const others = (spec.initContainers ?? []).filter((c: V1Container) => c.name !== restoreWaitName);
      if (!volumes) return { ...pod, spec: { ...spec, initContainers: others } };
      const wait = restoreWaitContainer({
        image: this.#deps.restoreHelperImage,
        restoreUid,
        volumes: volumes.map((v) => v.volume),
      });
      return { ...pod, spec: { ...spec, initContainers: [wait, ...others] } };
    };
  }

  /** After the resources: one PVR per volume of each restored pod, then the wait. */
  async run(
    restore: Restore,
    targetNamespace: (source: string) => string,
    createdPods: ReadonlySet<string>,
  ): Promise<{ attempted: number; completed: number; failed: number }> {
    const created: PodVolumeRestore[] = [];
    for (const [key, volumes] of this.#byPod) {
      const slash = key.indexOf("/");
      const source = key.slice(0, slash);
      const podName = key.slice(slash + 1);
      const namespace = targetNamespace(source);
      if (!createdPods.has(`${namespace}/${podName}`)) {
        this.#deps.log.warn(
          `pod ${namespace}/${podName} was not created by this restore; its volume data is not restored`,
          {
            volumes: volumes.map((v) => v.volume),
          },
        );
        continue;
      }
      const pod = await this.#scheduledPod(namespace, podName);
      if (!pod) {
        this.#deps.log.error(
          `pod ${namespace}/${podName}: not restored or never scheduled; its volumes ${volumes.map((v) => v.volume).join(", ")} were not restored`,
          {},
          { namespace },
        );
        continue;
      }
      for (const volume of volumes) created.push(await this.#create(restore, pod, source, volume));
    }
    if (created.length > 0) this.#deps.log.info("waiting for pod volume restores", { count: created.length });
    return this.#wait(created.map((p) => p.metadata.name ?? ""));
  }

  async #scheduledPod(namespace: string, name: string): Promise<V1Pod | undefined> {
    const { clock, rest, timeoutMs, signal } = this.#deps;
    const deadline = clock.now() + timeoutMs;
    while (clock.now() < deadline && !signal?.aborted) {
      try {
        const pod = await rest.get<V1Pod>(`/api/v1/namespaces/${namespace}/pods/${name}`);
        if (pod.spec?.nodeName) return pod;
      } catch (err) {
        if (!KubeError.is(err, "NotFound")) throw err;
      }
      await clock.sleep(this.#deps.pollMs ?? 1000, signal);
    }
    return undefined;
  }

  #create(restore: Restore, pod: V1Pod, sourceNamespace: string, volume: VolumeToRestore) {
    const pvr: PodVolumeRestore = {
      apiVersion: "lifeboat.dev/v1",
      kind: "PodVolumeRestore",
      metadata: {
        name: `${restore.metadata.name ?? ""}-${randomBytes(3).toString("hex")}`.slice(-253),
        namespace: this.#deps.namespace,
        labels: {
          [labels.restoreName]: restore.metadata.name ?? "",
          [labels.restoreUid]: restore.metadata.uid ?? "",
          [labels.podUid]: pod.metadata?.uid ?? "",
        },
        ownerReferences: [
          {
            apiVersion: "lifeboat.dev/v1",
            kind: "Restore",
            name: restore.metadata.name ?? "",
            uid: restore.metadata.uid ?? "",
            controller: true,
          },
        ],
      },
      spec: {
        pod: {
          kind: "Pod",
          namespace: pod.metadata?.namespace ?? "",
          name: pod.metadata?.name ?? "",
          uid: pod.metadata?.uid ?? "",
        },
        volume: volume.volume,
        backupStorageLocation: volume.backupStorageLocation,
        repoIdentifier: volume.repoIdentifier,
        snapshotID: volume.snapshotID,
        sourceNamespace,
      },
    };
    return this.#client.create(pvr);
  }

  async #wait(names: string[]): Promise<{ attempted: number; completed: number; failed: number }> {
    const final = await waitForPodVolumes(this.#client, names, {
      clock: this.#deps.clock,
      timeoutMs: this.#deps.timeoutMs,
      stallMs: this.#deps.stallMs,
      ...(this.#deps.pollMs ? { pollMs: this.#deps.pollMs } : {}),
      ...(this.#deps.signal ? { signal: this.#deps.signal } : {}),
      worker: (pvr) => `the node agent of pod ${pvr.spec.pod.namespace}/${pvr.spec.pod.name}`,
      onPoll: (current) => this.#deps.onProgress?.(podVolumeCounts(current)),
    });
    for (const pvr of final) {
      const where = `pod ${pvr.spec.pod.namespace}/${pvr.spec.pod.name} volume ${pvr.spec.volume}`;
      if (pvr.status?.phase === "Completed") {
        this.#deps.log.info("pod volume restored", { pod: where, bytes: pvr.status.progress?.totalBytes });
      } else {
        const message = `${where}: pod volume restore ${pvr.status?.phase ?? "unfinished"}: ${pvr.status?.message ?? ""}`;
        this.#deps.log.error(message, {}, { namespace: pvr.spec.pod.namespace });
      }
    }
    return podVolumeCounts(final);
  }
}
