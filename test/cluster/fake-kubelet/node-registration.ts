/**
 * Registers a fake node with the API server and keeps it alive the way a kubelet does: a Node
 * object with capacity and a Ready condition, and a Lease in kube-node-lease renewed every 10 s
 * (the node lifecycle controller's heartbeat).
 */
import { microTime as kubeMicroTime } from "../../../src/kube/micro-time.ts";
import {
  CoordinationV1Api,
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type V1Node,
} from "@kubernetes/client-node";

const leaseNamespace = "kube-node-lease";
const leaseDurationSeconds = 40;
const capacity = { cpu: "32", memory: "128Gi", pods: "110", "ephemeral-storage": "500Gi" };

function isNotFound(err: unknown): boolean {
  return (err as { code?: number }).code === 404;
}

function isConflict(err: unknown): boolean {
  return (err as { code?: number }).code === 409;
}

/** A Lease time with the six fractional digits the API server requires (src/kube/micro-time.ts). */
export function microTime(date: Date): string {
  return kubeMicroTime(date.getTime());
}

export class NodeRegistration {
  private readonly core: CoreV1Api;
  private readonly coordination: CoordinationV1Api;
  private readonly nodeName: string;
  private nodeUid = "";
  private timers: NodeJS.Timeout[] = [];

  constructor(kc: KubeConfig, nodeName: string) {
    this.core = kc.makeApiClient(CoreV1Api);
    this.coordination = kc.makeApiClient(CoordinationV1Api);
    this.nodeName = nodeName;
  }

  async register(): Promise<void> {
    const node: V1Node = {
      metadata: {
        name: this.nodeName,
        labels: {
          "kubernetes.io/hostname": this.nodeName,
          "kubernetes.io/os": "linux",
          "kubernetes.io/arch": "amd64",
        },
        annotations: { "node.alpha.kubernetes.io/ttl": "0", "lifeboat.dev/fake-node": "true" },
      },
      spec: {},
    };
    try {
      this.nodeUid = (await this.core.createNode({ body: node })).metadata?.uid ?? "";
    } catch (err) {
      if (!isConflict(err)) throw err;
      this.nodeUid = (await this.core.readNode({ name: this.nodeName })).metadata?.uid ?? "";
    }
    await this.reportStatus();
  }

  private async reportStatus(): Promise<void> {
    const now = new Date();
    const condition = (type: string, status: string, reason: string, message: string) => ({
      type,
      status,
      reason,
      message,
      lastHeartbeatTime: now,
      lastTransitionTime: now,
    });
    const status = {
      capacity,
      allocatable: capacity,
      addresses: [
        { type: "InternalIP", address: "127.0.0.1" },
        { type: "Hostname", address: this.nodeName },
      ],
      conditions: [
        condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "fake kubelet has sufficient memory"),
        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "fake kubelet has no disk pressure"),
        condition("PIDPressure", "False", "KubeletHasSufficientPID", "fake kubelet has sufficient PID"),
        condition("Ready", "True", "KubeletReady", "fake kubelet is posting ready status"),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 0 } },
      nodeInfo: {
        architecture: "amd64",
        bootID: "",
        containerRuntimeVersion: "fake://0.0.0",
        kernelVersion: "",
        kubeProxyVersion: "",
        kubeletVersion: "v1.36.3",
        machineID: "",
        operatingSystem: "linux",
        osImage: "Lifeboat fake node",
        systemUUID: "",
      },
    };
    await this.core.patchNodeStatus(
      { name: this.nodeName, body: { status } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
  }

  /**
   * Lease times are MicroTime (six fractional digits); client-node serialises a Date with three,
   * which the API server rejects, so the renewal is a merge patch carrying a preformatted string.
   */
  private async renewLease(): Promise<void> {
    const spec = {
      holderIdentity: this.nodeName,
      leaseDurationSeconds,
      renewTime: microTime(new Date()),
    };
    try {
      await this.coordination.patchNamespacedLease(
        { name: this.nodeName, namespace: leaseNamespace, body: { spec } },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      );
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await this.coordination.createNamespacedLease({
        namespace: leaseNamespace,
        body: {
          metadata: {
            name: this.nodeName,
            namespace: leaseNamespace,
            ownerReferences: [{ apiVersion: "v1", kind: "Node", name: this.nodeName, uid: this.nodeUid }],
          },
          spec: { holderIdentity: this.nodeName, leaseDurationSeconds },
        },
      });
      await this.renewLease();
    }
  }

  startHeartbeats(log: (msg: string) => void): void {
    const every = (ms: number, fn: () => Promise<void>, what: string) => {
      const tick = () => void fn().catch((err: unknown) => log(`${what} failed: ${String(err)}`));
      tick();
      this.timers.push(setInterval(tick, ms));
    };
    every(10_000, () => this.renewLease(), "lease renewal");
    every(60_000, () => this.reportStatus(), "node status report");
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
  }
}
