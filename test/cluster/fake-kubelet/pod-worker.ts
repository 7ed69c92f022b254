/**
 * The fake kubelet's per-pod loop: lay out the pod's volumes, run its init containers (by
 * default they complete at once; a runner can make them wait, as Lifeboat's restore helper
 * does), report Running (or Succeeded for pods that run to completion), and on deletion remove
 * the pod's folder and finish the deletion as a kubelet does. One reconcile per pod at a time.
 */
import {
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type V1Container,
  type V1Pod,
} from "@kubernetes/client-node";
import { PodVolumes, VolumeNotReady } from "./pod-volumes.ts";
import { desiredStatus, runsToCompletion, statusFingerprint, type PodStage } from "./pod-status.ts";

/** Runs one init container; "waiting" leaves the pod in Init until a later reconcile. */
export type InitContainerRunner = (
  pod: V1Pod,
  container: V1Container,
  volumes: Map<string, string>,
) => Promise<"done" | "waiting">;

export const completeAtOnce: InitContainerRunner = () => Promise.resolve("done");

export interface PodWorkerOptions {
  kc: KubeConfig;
  nodeName: string;
  rootDir: string;
  /** First three octets of this node's pod addresses, e.g. "198.51.100". */
  podNetwork: string;
  initRunner: InitContainerRunner;
  log: (msg: string) => void;
}

export class PodWorker {
  private readonly core: CoreV1Api;
  private readonly volumes: PodVolumes;
  private readonly opts: PodWorkerOptions;
  private readonly pending = new Map<string, V1Pod>();
  private readonly busy = new Set<string>();
  private readonly ips = new Map<string, string>();

  constructor(opts: PodWorkerOptions) {
    this.opts = opts;
    this.core = opts.kc.makeApiClient(CoreV1Api);
    this.volumes = new PodVolumes(opts.kc, opts.rootDir, opts.nodeName);
  }

  handle(pod: V1Pod): void {
    const uid = pod.metadata?.uid;
    if (!uid) return;
    this.pending.set(uid, pod);
    if (!this.busy.has(uid)) void this.drain(uid);
  }

  private async drain(uid: string): Promise<void> {
    this.busy.add(uid);
    try {
      for (let pod = this.pending.get(uid); pod; pod = this.pending.get(uid)) {
        this.pending.delete(uid);
        await this.reconcile(pod).catch((err: unknown) => {
          if (!(err instanceof VolumeNotReady)) this.opts.log(`pod ${podKey(pod)}: ${String(err)}`);
        });
      }
    } finally {
      this.busy.delete(uid);
    }
  }

  private async reconcile(pod: V1Pod): Promise<void> {
    const uid = pod.metadata?.uid ?? "";
    if (pod.metadata?.deletionTimestamp) {
      await this.finishDeletion(pod);
      return;
    }
    if (pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") return;
    const volumes = await this.volumes.setUp(pod);
    const stage = await this.runInitContainers(pod, volumes);
    const started = pod.status?.startTime ? new Date(pod.status.startTime) : new Date();
    const status = desiredStatus(pod, stage, this.podIP(uid, pod), started);
    if (statusFingerprint(status) === statusFingerprint(pod.status)) return;
    await this.core.patchNamespacedPodStatus(
      {
        name: pod.metadata?.name ?? "",
        namespace: pod.metadata?.namespace ?? "",
        body: { status },
      },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
  }

  private async runInitContainers(pod: V1Pod, volumes: Map<string, string>): Promise<PodStage> {
    const inits = pod.spec?.initContainers ?? [];
    const done = (pod.status?.initContainerStatuses ?? []).filter((s) => s.state?.terminated?.exitCode === 0).length;
    for (let i = done; i < inits.length; i++) {
      const container = inits[i];
      if (!container) break;
      if ((await this.opts.initRunner(pod, container, volumes)) === "waiting") {
        return { kind: "initializing", completedInit: i, reason: "PodInitializing" };
      }
    }
    return runsToCompletion(pod) ? { kind: "succeeded" } : { kind: "running" };
  }

  private async finishDeletion(pod: V1Pod): Promise<void> {
    const uid = pod.metadata?.uid ?? "";
    await this.volumes.tearDown(uid);
    this.ips.delete(uid);
    // The grace period must travel in the body (client-node drops a 0 query parameter). Like
    // the kubelet's status manager, delete with grace 0: the first call shortens the grace
    // period of a pod already being deleted, the second one removes it.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.core.deleteNamespacedPod({
          name: pod.metadata?.name ?? "",
          namespace: pod.metadata?.namespace ?? "",
          body: { gracePeriodSeconds: 0, preconditions: { uid } },
        });
      } catch (err) {
        const code = (err as { code?: number }).code;
        if (code === 404 || code === 409) return;
        throw err;
      }
    }
  }

  /** Removes pod folders of pods this node no longer has (e.g. deleted while it was down). */
  async removeOrphans(livePodUids: Set<string>, podDirs: string[]): Promise<void> {
    for (const uid of podDirs) {
      if (!livePodUids.has(uid)) await this.volumes.tearDown(uid);
    }
  }

  private podIP(uid: string, pod: V1Pod): string {
    const existing = this.ips.get(uid) ?? pod.status?.podIP;
    if (existing) {
      this.ips.set(uid, existing);
      return existing;
    }
    const used = new Set(this.ips.values());
    for (let host = 2; host < 255; host++) {
      const ip = `${this.opts.podNetwork}.${host}`;
      if (!used.has(ip)) {
        this.ips.set(uid, ip);
        return ip;
      }
    }
    throw new Error(`node ${this.opts.nodeName} has no free pod address left`);
  }
}

function podKey(pod: V1Pod): string {
  return `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
}
