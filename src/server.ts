/**
 * `lifeboat server`: wiring only. Loads the kubeconfig (in cluster, or `--kubeconfig` outside),
 * builds one rate-limited API client, the bucket stores and the controllers, serves /metrics and
 * /healthz on a loopback-by-default address, and runs the controllers only while it holds the
 * `lifeboat-server` Lease (client-go's leader election), so two replicas never run one backup twice.
 * On becoming leader it first fails the backups and restores a dead leader left running.
 */
import { mkdir } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import type { KubernetesObject } from "@kubernetes/client-node";
import pino from "pino";
import { collectDefaultMetrics, Registry } from "prom-client";
import { backupDefinition } from "./api/backup.ts";
import { backupStorageLocationDefinition } from "./api/backup-storage-location.ts";
import { deleteBackupRequestDefinition } from "./api/delete-backup-request.ts";
import { downloadRequestDefinition } from "./api/download-request.ts";
import { restoreDefinition } from "./api/restore.ts";
import { serverStatusRequestDefinition } from "./api/server-status-request.ts";
import { BackupController } from "./controllers/backup-controller.ts";
import type { ControllerContext } from "./controllers/context.ts";
import { Controller } from "./controllers/controller.ts";
import { DeleteBackupController } from "./controllers/delete-backup-controller.ts";
import { DownloadRequestController } from "./controllers/download-request-controller.ts";
import { LocationController } from "./controllers/location-controller.ts";
import { LocationStores } from "./controllers/location-stores.ts";
import { RestoreController } from "./controllers/restore-controller.ts";
import { ServerStatusController } from "./controllers/server-status-controller.ts";
import { realClock } from "./kube/clock.ts";
import { daemonRestClient } from "./kube/daemon-client.ts";
import { LeaderElector } from "./kube/leader-election.ts";
import { kubeLeaseLock } from "./kube/lease-lock.ts";
import type { Log } from "./kube/log.ts";
import { lifeboatClient } from "./kube/resource-client.ts";
import type { Reconciler } from "./kube/workqueue.ts";
import type { ResourceDefinition } from "./api/definition.ts";
import { Repositories } from "./podvolume/repositories.ts";
import { RepositoryStores } from "./podvolume/repository-store.ts";
import { serveMetrics } from "./util/metrics-server.ts";
import { lifeboatVersion } from "./version.ts";

export interface ServerOptions {
  kubeconfig?: string;
  kubecontext?: string;
  namespace: string;
  /** host:port for /metrics and /healthz; "" turns it off. */
  metricsAddress: string;
  clientQps: number;
  clientBurst: number;
  workRoot?: string;
  logLevel: string;
  leaderElect: boolean;
  podVolumeTimeoutMs: number;
  podVolumeStallMs: number;
  restoreHelperImage: string;
}

interface ControllerSetup<T> {
  workers?: number;
  wants?: (obj: T) => boolean;
}

function controllerFor<T extends KubernetesObject>(
  ctx: ControllerContext,
  definition: ResourceDefinition<T>,
  reconcile: Reconciler,
  setup: ControllerSetup<T> = {},
): Controller<KubernetesObject> {
  const source = lifeboatClient(ctx.rest, definition, ctx.namespace).listWatch();
  const controller = new Controller<T>({ name: definition.plural, source, reconcile, log: ctx.log, ...setup });
  return controller;
}

function controllersOf(ctx: ControllerContext): Array<Controller<KubernetesObject>> {
  const backups = new BackupController(ctx);
  const restores = new RestoreController(ctx);
  const locations = new LocationController(ctx);
  const downloads = new DownloadRequestController(ctx);
  const statuses = new ServerStatusController(ctx);
  const deletions = new DeleteBackupController(ctx);
  return [
    controllerFor(ctx, backupStorageLocationDefinition, (k) => locations.reconcile(k), { workers: 2 }),
    controllerFor(ctx, backupDefinition, (k, s) => backups.reconcile(k, s), {
      wants: (b) => BackupController.wants(b),
    }),
    controllerFor(ctx, restoreDefinition, (k, s) => restores.reconcile(k, s), {
      wants: (r) => RestoreController.wants(r),
    }),
    controllerFor(ctx, downloadRequestDefinition, (k) => downloads.reconcile(k), { workers: 4 }),
    controllerFor(ctx, serverStatusRequestDefinition, (k) => statuses.reconcile(k)),
    controllerFor(ctx, deleteBackupRequestDefinition, (k) => deletions.reconcile(k), {
      wants: (r) => DeleteBackupController.wants(r),
    }),
  ];
}

async function lead(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
  await new BackupController(ctx).recoverInterrupted();
  await new RestoreController(ctx).recoverInterrupted();
  const controllers = controllersOf(ctx);
  await Promise.all(controllers.map((c) => c.start(signal)));
  ctx.log.info({ controllers: controllers.map((c) => c.name) }, "controllers running");
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await Promise.all(controllers.map((c) => c.stop()));
}

export async function runServer(options: ServerOptions): Promise<void> {
  const logger = pino({ level: options.logLevel, base: { component: "server" } });
  const log = logger as unknown as Log;
  const rest = daemonRestClient(options);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "lifeboat_" });
  const workRoot = options.workRoot ?? path.join(tmpdir(), "lifeboat-server");
  await mkdir(workRoot, { recursive: true });
  const ctx: ControllerContext = {
    rest,
    namespace: options.namespace,
    clock: realClock,
    log,
    locations: new LocationStores(rest, options.namespace, registry),
    workRoot,
    serverVersion: `v${lifeboatVersion}`,
    repositories: new Repositories({
      rest,
      namespace: options.namespace,
      stores: new RepositoryStores(rest, options.namespace, registry),
      log,
    }),
    podVolumes: {
      timeoutMs: options.podVolumeTimeoutMs,
      stallMs: options.podVolumeStallMs,
      restoreHelperImage: options.restoreHelperImage,
    },
  };
  let leading = false;
  const metrics = await serveMetrics(options.metricsAddress, registry, {
    ready: () => leading,
    notReadyReason: "not leading",
  });
  const stop = new AbortController();
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.once(sig, () => stop.abort());
  logger.info(
    { namespace: options.namespace, version: ctx.serverVersion, metrics: options.metricsAddress },
    "starting",
  );
  try {
    if (!options.leaderElect) {
      leading = true;
      await lead(ctx, stop.signal);
      return;
    }
    const identity = `${hostname()}_${randomBytes(4).toString("hex")}`;
    const elector = new LeaderElector({
      lock: kubeLeaseLock(rest, { namespace: options.namespace, name: "lifeboat-server" }),
      identity,
      releaseOnCancel: true,
      log,
      callbacks: {
        onStartedLeading: async (signal) => {
          leading = true;
          logger.info({ identity }, "became leader");
          await lead(ctx, signal);
        },
        onStoppedLeading: () => {
          leading = false;
          logger.info({ identity }, "stopped leading");
          stop.abort();
        },
        onNewLeader: (id) => logger.info({ leader: id }, "leader observed"),
      },
    });
    await elector.run(stop.signal);
  } finally {
    metrics?.close();
    logger.info("stopped");
  }
}
