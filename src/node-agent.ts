/**
 * `lifeboat node-agent`: wiring only. One runs per node (a DaemonSet with the kubelet's pods
 * folder mounted, `/host_pods` in Velero's layout). It runs two controllers on the install
 * namespace: PodVolumeBackups whose spec.node is this node, and PodVolumeRestores (each agent
 * reads the restored pod and acts only when the pod is on its node). Volumes are backed up and
 * restored at most `concurrency` at a time on this node, both kinds sharing the slots. /metrics
 * and /healthz are served on a loopback-by-default address. No leader election: every node
 * needs its agent running.
 *
 * An agent that restarts finds the PVBs/PVRs its predecessor left InProgress and marks them
 * Failed (the reconcilers do that for any InProgress object this process is not running).
 */
import { hostname } from "node:os";
import pino from "pino";
import { collectDefaultMetrics, Counter, Registry } from "prom-client";
import { podVolumeBackupDefinition, type PodVolumeBackup } from "./api/pod-volume-backup.ts";
import { podVolumeRestoreDefinition, type PodVolumeRestore } from "./api/pod-volume-restore.ts";
import { Controller } from "./controllers/controller.ts";
import { realClock } from "./kube/clock.ts";
import { daemonRestClient } from "./kube/daemon-client.ts";
import type { Log } from "./kube/log.ts";
import { lifeboatClient } from "./kube/resource-client.ts";
import type { AgentContext, AgentMetrics } from "./podvolume/agent-context.ts";
import { PodVolumeBackupReconciler } from "./podvolume/backup-reconciler.ts";
import { Repositories } from "./podvolume/repositories.ts";
import { RepositoryStores } from "./podvolume/repository-store.ts";
import { PodVolumeRestoreReconciler } from "./podvolume/restore-reconciler.ts";
import { Semaphore } from "./util/semaphore.ts";
import { serveMetrics } from "./util/metrics-server.ts";
import { lifeboatVersion } from "./version.ts";

export interface NodeAgentOptions {
  nodeName: string;
  hostPods: string;
  kubeconfig?: string;
  kubecontext?: string;
  namespace: string;
  concurrency: number;
  /** host:port for /metrics and /healthz; "" turns it off. */
  metricsAddress: string;
  logLevel: string;
  clientQps: number;
  clientBurst: number;
  /** How long a restore waits for its pod to be scheduled and its volume mounted. */
  podWaitTimeoutMs: number;
}

export interface RunningNodeAgent {
  /** Where /metrics is served, e.g. "127.0.0.1:40123" ("" when off). */
  metricsAddress: string;
  stop(): Promise<void>;
}

function agentMetrics(registry: Registry): AgentMetrics {
  const runs = new Counter({
    name: "lifeboat_pod_volume_operations_total",
    help: "Pod volume backups and restores this node agent finished, by kind and phase.",
    labelNames: ["kind", "phase"],
    registers: [registry],
  });
  const bytes = new Counter({
    name: "lifeboat_pod_volume_bytes_total",
    help: "Bytes of volume data this node agent backed up or restored.",
    labelNames: ["kind"],
    registers: [registry],
  });
  return {
    finished(kind, phase, n) {
      runs.inc({ kind, phase });
      if (n > 0) bytes.inc({ kind }, n);
    },
  };
}

/** What the agent runs: started once, stopped once. */
interface Runnable {
  start(): Promise<boolean>;
  stop(): Promise<void>;
}

function controllers(ctx: AgentContext, concurrency: number): Runnable[] {
  const backups = new PodVolumeBackupReconciler(ctx);
  const restores = new PodVolumeRestoreReconciler(ctx);
  // quick reconciles (phase checks, waiting restores) must not queue behind running volumes
  const workers = Math.max(4, 2 * concurrency);
  const pvbs = new Controller<PodVolumeBackup>({
    name: "pod-volume-backup",
    source: lifeboatClient(ctx.rest, podVolumeBackupDefinition, ctx.namespace).listWatch(),
    reconcile: (key, signal) => backups.reconcile(key, signal),
    log: ctx.log,
    workers,
    wants: PodVolumeBackupReconciler.wants(ctx.nodeName),
  });
  pvbs.informer.addEventHandler({ onUpdate: (_old, pvb) => backups.onChange(pvb) });
  const pvrs = new Controller<PodVolumeRestore>({
    name: "pod-volume-restore",
    source: lifeboatClient(ctx.rest, podVolumeRestoreDefinition, ctx.namespace).listWatch(),
    reconcile: (key, signal) => restores.reconcile(key, signal),
    log: ctx.log,
    workers,
    wants: (pvr) => PodVolumeRestoreReconciler.wants(pvr),
  });
  pvrs.informer.addEventHandler({ onUpdate: (_old, pvr) => restores.onChange(pvr) });
  return [pvbs, pvrs];
}

export async function startNodeAgent(options: NodeAgentOptions): Promise<RunningNodeAgent> {
  const logger = pino({ level: options.logLevel, base: { component: "node-agent", node: options.nodeName } });
  const log = logger as unknown as Log;
  const rest = daemonRestClient(options);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "lifeboat_node_agent_" });
  const stores = new RepositoryStores(rest, options.namespace, registry);
  const ctx: AgentContext = {
    rest,
    namespace: options.namespace,
    nodeName: options.nodeName,
    hostPods: options.hostPods,
    clock: realClock,
    log,
    repositories: new Repositories({
      rest,
      namespace: options.namespace,
      stores,
      log,
      owner: { username: "lifeboat", hostname: `${options.nodeName}/${hostname()}` },
    }),
    slots: new Semaphore(options.concurrency),
    progressIntervalMs: 2000,
    podWaitTimeoutMs: options.podWaitTimeoutMs,
    metrics: agentMetrics(registry),
  };
  let synced = false;
  const server = await serveMetrics(options.metricsAddress, registry, {
    ready: () => synced,
    notReadyReason: "starting",
  });
  const running = controllers(ctx, options.concurrency);
  const results = await Promise.all(running.map((c) => c.start()));
  synced = results.every(Boolean);
  const address = server?.address();
  const metricsAddress = address && typeof address === "object" ? `${address.address}:${address.port}` : "";
  logger.info(
    {
      version: lifeboatVersion,
      namespace: options.namespace,
      hostPods: options.hostPods,
      concurrency: options.concurrency,
      metrics: metricsAddress,
    },
    "node agent running",
  );
  return {
    metricsAddress,
    stop: async () => {
      await Promise.all(running.map((c) => c.stop()));
      server?.close();
      logger.info("node agent stopped");
    },
  };
}

/** Runs until SIGINT/SIGTERM. */
export async function runNodeAgent(options: NodeAgentOptions): Promise<void> {
  const agent = await startNodeAgent(options);
  await new Promise<void>((resolve) => {
    for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => resolve());
  });
  await agent.stop();
}
