/**
 * The status a kubelet would report for a pod in each stage of its life on a fake node:
 * waiting in an init container, running, or finished (pods of Jobs, and pods whose restart
 * policy lets them end, run to completion).
 */
import type { V1ContainerStatus, V1Pod, V1PodCondition, V1PodStatus } from "@kubernetes/client-node";

export type PodStage =
  { kind: "initializing"; completedInit: number; reason: string } | { kind: "running" } | { kind: "succeeded" };

function containerId(pod: V1Pod, name: string): string {
  return `fake://${pod.metadata?.uid ?? ""}/${name}`;
}

function terminated(pod: V1Pod, name: string, image: string, at: Date): V1ContainerStatus {
  return {
    name,
    image,
    imageID: image,
    containerID: containerId(pod, name),
    ready: false,
    restartCount: 0,
    started: false,
    state: { terminated: { exitCode: 0, reason: "Completed", startedAt: at, finishedAt: at } },
  };
}

function running(pod: V1Pod, name: string, image: string, at: Date): V1ContainerStatus {
  return {
    name,
    image,
    imageID: image,
    containerID: containerId(pod, name),
    ready: true,
    restartCount: 0,
    started: true,
    state: { running: { startedAt: at } },
  };
}

function waiting(name: string, image: string, reason: string): V1ContainerStatus {
  return {
    name,
    image,
    imageID: "",
    ready: false,
    restartCount: 0,
    started: false,
    state: { waiting: { reason } },
  };
}

export function desiredStatus(pod: V1Pod, stage: PodStage, podIP: string, startedAt: Date): V1PodStatus {
  const inits = pod.spec?.initContainers ?? [];
  const containers = pod.spec?.containers ?? [];
  const condition = (type: string, ok: boolean, reason?: string): V1PodCondition => ({
    type,
    status: ok ? "True" : "False",
    lastTransitionTime: startedAt,
    ...(reason ? { reason } : {}),
  });
  const initialized = stage.kind !== "initializing";
  const ready = stage.kind === "running";
  const initStatuses = inits.map((c, i) => {
    if (stage.kind !== "initializing" || i < stage.completedInit)
      return terminated(pod, c.name, c.image ?? "", startedAt);
    if (i === stage.completedInit) return { ...running(pod, c.name, c.image ?? "", startedAt), ready: false };
    return waiting(c.name, c.image ?? "", "PodInitializing");
  });
  const containerStatuses = containers.map((c) => {
    if (stage.kind === "initializing") return waiting(c.name, c.image ?? "", "PodInitializing");
    if (stage.kind === "succeeded") return terminated(pod, c.name, c.image ?? "", startedAt);
    return running(pod, c.name, c.image ?? "", startedAt);
  });
  const phase = stage.kind === "initializing" ? "Pending" : stage.kind === "succeeded" ? "Succeeded" : "Running";
  return {
    phase,
    hostIP: "127.0.0.1",
    hostIPs: [{ ip: "127.0.0.1" }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: startedAt,
    // the API server sets the QoS class when the pod is created and refuses any change to it
    qosClass: pod.status?.qosClass ?? "BestEffort",
    conditions: [
      condition("PodReadyToStartContainers", true),
      condition("Initialized", initialized, initialized ? undefined : "ContainersNotInitialized"),
      condition("Ready", ready, ready ? undefined : stage.kind === "succeeded" ? "PodCompleted" : "ContainersNotReady"),
      condition(
        "ContainersReady",
        ready,
        ready ? undefined : stage.kind === "succeeded" ? "PodCompleted" : "ContainersNotReady",
      ),
      condition("PodScheduled", true),
    ],
    ...(inits.length > 0 ? { initContainerStatuses: initStatuses } : {}),
    containerStatuses,
  };
}

/** Whether the pod's containers end on their own: Job pods, and pods that do not restart. */
export function runsToCompletion(pod: V1Pod): boolean {
  const ownedByJob = (pod.metadata?.ownerReferences ?? []).some((o) => o.kind === "Job");
  return ownedByJob || pod.metadata?.annotations?.["fake-kubelet.lifeboat.dev/complete"] === "true";
}

/** A stable fingerprint of the parts we set, so an unchanged status is not written again. */
export function statusFingerprint(status: V1PodStatus | undefined): string {
  return JSON.stringify({
    phase: status?.phase,
    podIP: status?.podIP,
    conditions: (status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).sort(),
    init: (status?.initContainerStatuses ?? []).map((c) => `${c.name}:${Object.keys(c.state ?? {}).join()}`),
    containers: (status?.containerStatuses ?? []).map((c) => `${c.name}:${Object.keys(c.state ?? {}).join()}`),
  });
}
