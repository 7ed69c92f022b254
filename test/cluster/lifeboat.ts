/**
 * Lifeboat on the local cluster, the way a user sets it up: the CRDs installed with
 * `lifeboat install --crds-only`, the MinIO keys in a Secret (AWS credentials file, as Velero),
 * a default BackupStorageLocation made with `lifeboat backup-location create`, and
 * `lifeboat server --kubeconfig …` running in the background (logs in .lifeboat-dev/logs/,
 * /metrics and /healthz on 127.0.0.1). `lifeboatUp` is idempotent; `lifeboatDown` stops the server.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { KubeConfig } from "@kubernetes/client-node";
import { KubeError } from "../../src/kube/errors.ts";
import { RestClient } from "../../src/kube/rest.ts";
import { clusterUp } from "./up.ts";
import { healthy, startNodeAgents, stopNodeAgents } from "./node-agents.ts";
import { host, nodeNames, ports, repoRoot } from "./paths.ts";
import { logFile, runningPid, startDaemon, stopDaemon, waitFor } from "./processes.ts";
import type { ClusterInfo } from "./state.ts";

const run = promisify(execFile);
export const lifeboatNamespace = "lifeboat";
export const credentialsSecret = "cloud-credentials";
export const defaultLocation = "default";
/** Backups of the dev setup go under this prefix of the cluster's bucket. */
export const devPrefix = "dev";
const daemon = "lifeboat-server";
const lifeboatBin = path.join(repoRoot, "bin", "lifeboat.js");

export interface LifeboatInfo extends ClusterInfo {
  namespace: string;
  metricsUrl: string;
  serverPid: number;
}

/** Runs the real CLI against the cluster; resolves with stdout, rejects with its stderr. */
export async function lifeboatCli(kubeconfig: string, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [lifeboatBin, ...args], {
    env: { ...process.env, KUBECONFIG: kubeconfig },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

function credentialsFile(info: ClusterInfo): string {
  return `[default]\naws_access_key_id = ${info.s3.accessKey}\naws_secret_access_key = ${info.s3.secretKey}\n`;
}

async function ensureSecret(rest: RestClient, info: ClusterInfo): Promise<void> {
  const body = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: credentialsSecret, namespace: lifeboatNamespace },
    data: { cloud: Buffer.from(credentialsFile(info)).toString("base64") },
  };
  const base = `/api/v1/namespaces/${lifeboatNamespace}/secrets`;
  try {
    await rest.post(base, body);
  } catch (err) {
    if (!KubeError.is(err, "AlreadyExists")) throw err;
    await rest.put(`${base}/${credentialsSecret}`, body);
  }
}

async function ensureNamespace(rest: RestClient): Promise<void> {
  try {
    await rest.post("/api/v1/namespaces", { metadata: { name: lifeboatNamespace } });
  } catch (err) {
    if (!KubeError.is(err, "AlreadyExists")) throw err;
  }
}

async function ensureLocation(info: ClusterInfo): Promise<void> {
  const existing = await lifeboatCli(info.kubeconfig, ["backup-location", "get", "-o", "json"]);
  if (existing.includes(`"name": "${defaultLocation}"`)) return;
  await lifeboatCli(info.kubeconfig, [
    "backup-location",
    "create",
    defaultLocation,
    "--provider",
    "aws",
    "--bucket",
    info.s3.bucket,
    "--prefix",
    devPrefix,
    "--config",
    `region=minio,s3ForcePathStyle=true,s3Url=${info.s3.endpoint}`,
    "--credential",
    `${credentialsSecret}=cloud`,
    "--default",
  ]);
}

export async function lifeboatUp(log: (line: string) => void): Promise<LifeboatInfo> {
  const info = await clusterUp(log);
  const kc = new KubeConfig();
  kc.loadFromFile(info.kubeconfig);
  const rest = new RestClient(kc);
  log("installing the Lifeboat CRDs");
  await lifeboatCli(info.kubeconfig, ["install", "--crds-only"]);
  await ensureNamespace(rest);
  await ensureSecret(rest, info);
  await ensureLocation(info);
  const metricsUrl = `http://${host}:${ports.lifeboatMetrics}`;
  let pid = runningPid(daemon);
  if (pid === undefined) {
    log("starting lifeboat server");
    pid = await startDaemon({
      name: daemon,
      command: process.execPath,
      args: [
        lifeboatBin,
        "server",
        "--kubeconfig",
        info.kubeconfig,
        "--namespace",
        lifeboatNamespace,
        "--metrics-address",
        `${host}:${ports.lifeboatMetrics}`,
        // node agents report every 2 s; a shorter stall timeout than production's makes a dead agent show quickly
        "--pod-volume-stall-timeout",
        "30s",
      ],
      cwd: repoRoot,
    });
  }
  await waitFor("lifeboat server to lead", () => healthy(`${metricsUrl}/healthz`), 60_000, daemon);
  log(`lifeboat server running (pid ${pid}, log ${logFile(daemon)})`);
  await startNodeAgents(info, { namespace: lifeboatNamespace });
  log(`node agents running on ${nodeNames.join(", ")}`);
  return { ...info, namespace: lifeboatNamespace, metricsUrl, serverPid: pid };
}

export async function lifeboatDown(log: (line: string) => void): Promise<void> {
  await stopNodeAgents();
  if (await stopDaemon(daemon)) log("stopped lifeboat server");
  else log("lifeboat server was not running");
}

let shared: Promise<LifeboatInfo> | undefined;

/** For e2e tests: the cluster with Lifeboat up (started once per test process). */
export function useLifeboat(): Promise<LifeboatInfo> {
  shared ??= lifeboatUp((line) => process.stderr.write(`[lifeboat] ${line}\n`));
  return shared;
}

/** Kills the server without letting it clean up (SIGKILL to its process group), as a crash would. */
export async function killServer(): Promise<void> {
  const pid = runningPid(daemon);
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
  await waitFor("lifeboat server to die", () => Promise.resolve(runningPid(daemon) === undefined), 10_000);
  await stopDaemon(daemon);
  shared = undefined;
}
