/**
 * Velero v1.18.1 as the benchmark's peer, run out of cluster the way its "run locally" guide does:
 * its CRDs from `velero install --crds-only`, the dummy `Deployment velero` (replicas 0) that its
 * restore actions look up, an AWS credentials file for the MinIO of the benchmark cluster, a
 * default BackupStorageLocation (prefix "velero"), and `velero server` with the AWS plugin, every
 * listener on 127.0.0.1. Backups and restores go through the real `velero` CLI with --wait.
 */
import { createServer } from "node:net";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { RestClient } from "../../src/kube/rest.ts";
import { binaryPath } from "../../test/cluster/build.ts";
import { devDir } from "../../test/cluster/paths.ts";
import { logFile, startDaemon, stopDaemon, waitFor } from "../../test/cluster/processes.ts";
import type { ClusterInfo } from "../../test/cluster/state.ts";
import { serverDaemons } from "./bench-cluster.ts";
import { runCommand } from "./command.ts";
import { watchedRun } from "./phase-watch.ts";
import { assertLoopbackOnly, RssSampler, type PeakRss } from "./process-stats.ts";
import type { RunReport } from "./report.ts";

type RunTimes = Awaited<ReturnType<typeof watchedRun>>;

export const veleroNamespace = "velero";
/** Velero's backups live under this prefix of the cluster's bucket. */
export const veleroPrefix = "velero";
const location = "default";
const api = `/apis/velero.io/v1/namespaces/${veleroNamespace}`;

interface VeleroRun {
  metadata: { name: string };
  status?: {
    phase?: string;
    startTimestamp?: string;
    completionTimestamp?: string;
    progress?: { itemsBackedUp?: number; itemsRestored?: number; totalItems?: number };
    errors?: number;
    warnings?: number;
  };
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export class VeleroPeer {
  readonly #info: ClusterInfo;
  readonly #rest: RestClient;
  readonly #credentials = path.join(devDir, "velero", "credentials");
  #sampler: RssSampler | undefined;
  #pid: number | undefined;
  listeners: string[] = [];

  constructor(info: ClusterInfo, rest: RestClient) {
    this.#info = info;
    this.#rest = rest;
  }

  #velero(args: string[]): ReturnType<typeof runCommand> {
    return runCommand(binaryPath("velero"), [
      ...args,
      "--kubeconfig",
      this.#info.kubeconfig,
      "--namespace",
      veleroNamespace,
    ]);
  }

  /** CRDs, namespace, the dummy Deployment, the credentials file and the BackupStorageLocation. */
  async install(): Promise<void> {
    const crds = await runCommand(binaryPath("velero"), ["install", "--crds-only", "--dry-run", "-o", "yaml"]);
    const kubectl = (args: string[], input?: string) =>
      runCommand(binaryPath("kubectl"), ["--kubeconfig", this.#info.kubeconfig, ...args], { input });
    await kubectl(["apply", "-f", "-"], crds.stdout);
    await kubectl(["wait", "--for=condition=Established", "crd", "-l", "component=velero", "--timeout=60s"]);
    await this.#rest.post("/api/v1/namespaces", { metadata: { name: veleroNamespace } });
    await this.#rest.post(`/apis/apps/v1/namespaces/${veleroNamespace}/deployments`, dummyDeployment());
    const { accessKey, secretKey } = this.#info.s3;
    await mkdir(path.dirname(this.#credentials), { recursive: true });
    await writeFile(
      this.#credentials,
      `[default]\naws_access_key_id=${accessKey}\naws_secret_access_key=${secretKey}\n`,
      {
        mode: 0o600,
      },
    );
    await this.#rest.post(`${api}/backupstoragelocations`, {
      apiVersion: "velero.io/v1",
      kind: "BackupStorageLocation",
      metadata: { name: location, namespace: veleroNamespace },
      spec: {
        provider: "aws",
        default: true,
        objectStorage: { bucket: this.#info.s3.bucket, prefix: veleroPrefix },
        config: { region: "minio", s3ForcePathStyle: "true", s3Url: this.#info.s3.endpoint, checksumAlgorithm: "" },
      },
    });
  }

  /** Starts `velero server` and waits until the location is Available. */
  async start(): Promise<void> {
    const metrics = await freeLoopbackPort();
    const profiler = await freeLoopbackPort();
    this.#pid = await startDaemon({
      name: serverDaemons.velero,
      command: binaryPath("velero"),
      args: [
        "server",
        "--kubeconfig",
        this.#info.kubeconfig,
        "--namespace",
        veleroNamespace,
        "--plugin-dir",
        path.dirname(binaryPath("velero-plugin-for-aws")),
        "--metrics-address",
        `127.0.0.1:${metrics}`,
        "--profiler-address",
        `127.0.0.1:${profiler}`,
        "--features=",
      ],
      env: { AWS_SHARED_CREDENTIALS_FILE: this.#credentials, HOME: path.join(devDir, "velero") },
    });
    this.#sampler = new RssSampler(this.#pid);
    await waitFor(
      `the Velero location "${location}" to become Available`,
      async () =>
        (await this.#rest.get<{ status?: { phase?: string } }>(`${api}/backupstoragelocations/${location}`)).status
          ?.phase === "Available",
      120_000,
      serverDaemons.velero,
    );
    this.listeners = assertLoopbackOnly("velero server", this.#pid);
  }

  async #finished(kind: "backups" | "restores", name: string, times: RunTimes): Promise<RunReport> {
    const run = await this.#rest.get<VeleroRun>(`${api}/${kind}/${name}`);
    const status = run.status ?? {};
    if (status.phase !== "Completed") {
      throw new Error(
        `Velero ${kind.slice(0, -1)} ${name} ended ${status.phase ?? "without a phase"} (errors ${status.errors ?? 0}); see ${logFile(serverDaemons.velero)}`,
      );
    }
    return {
      wallSeconds: times.wallSeconds,
      watchedSeconds: times.watched.seconds,
      serverSeconds: serverSeconds(status.startTimestamp, status.completionTimestamp),
      items: kind === "backups" ? status.progress?.itemsBackedUp : status.progress?.itemsRestored,
      warnings: status.warnings ?? 0,
    };
  }

  async backup(name: string, namespaces: string[]): Promise<RunReport> {
    const times = await watchedRun(this.#rest, `${api}/backups`, name, () =>
      this.#velero(["backup", "create", name, "--include-namespaces", namespaces.join(","), "--wait"]),
    );
    this.listeners = assertLoopbackOnly("velero server", this.#pid as number);
    return this.#finished("backups", name, times);
  }

  async restore(name: string, backup: string): Promise<RunReport> {
    const times = await watchedRun(this.#rest, `${api}/restores`, name, () =>
      this.#velero(["restore", "create", name, "--from-backup", backup, "--wait"]),
    );
    return this.#finished("restores", name, times);
  }

  /** Stops the server (and its plugins); returns their peak memory. */
  async stop(): Promise<PeakRss | undefined> {
    const peak = this.#sampler?.stop();
    this.#sampler = undefined;
    await stopDaemon(serverDaemons.velero);
    return peak;
  }
}

function dummyDeployment(): unknown {
  const labels = { component: "velero", deploy: "velero" };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "velero", namespace: veleroNamespace, labels },
    spec: {
      replicas: 0,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: "velero", image: "velero/velero:v1.18.1" }] },
      },
    },
  };
}

/** Seconds between the server's start and completion stamps (Velero's have 1 s resolution). */
export function serverSeconds(start?: string, end?: string): number | undefined {
  if (!start || !end) return undefined;
  return (Date.parse(end) - Date.parse(start)) / 1000;
}
