/**
 * One `lifeboat node-agent` per fake node, as the DaemonSet runs one per real node: each is a
 * background daemon (`lifeboat-node-agent-<node>`, log in .lifeboat-dev/logs/) reading and
 * writing that node's kubelet folder (`--host-pods <kubelet root>/pods`), with /metrics and
 * /healthz on 127.0.0.1 (ports after the server's). `startNodeAgents` is idempotent and returns
 * once every agent's controllers have synced; `stopNodeAgents` stops them (cluster:down does too).
 */
import path from "node:path";
import { host, kubeletRoot, nodeNames, ports, repoRoot } from "./paths.ts";
import { logFile, runningPid, startDaemon, stopDaemon, waitFor } from "./processes.ts";
import type { ClusterInfo } from "./state.ts";

const lifeboatBin = path.join(repoRoot, "bin", "lifeboat.js");

export function nodeAgentName(node: string): string {
  return `lifeboat-node-agent-${node}`;
}

export function nodeAgentMetricsUrl(node: string): string {
  return `http://${host}:${ports.lifeboatMetrics + 1 + nodeNames.indexOf(node as (typeof nodeNames)[number])}`;
}

export interface NodeAgentsOptions {
  /** The install namespace the agents watch (default "lifeboat"). */
  namespace?: string;
  log?: (line: string) => void;
}

/** Whether `url` answers 200 within 2 s (a daemon's /healthz). */
export async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

export async function startNodeAgents(info: ClusterInfo, options: NodeAgentsOptions = {}): Promise<void> {
  const namespace = options.namespace ?? "lifeboat";
  for (const node of nodeNames) {
    const name = nodeAgentName(node);
    if (runningPid(name) === undefined) {
      options.log?.(`starting ${name}`);
      await startDaemon({
        name,
        command: process.execPath,
        args: [
          lifeboatBin,
          "node-agent",
          "--node-name",
          node,
          "--host-pods",
          path.join(kubeletRoot(node), "pods"),
          "--kubeconfig",
          info.kubeconfig,
          "--namespace",
          namespace,
          "--metrics-address",
          nodeAgentMetricsUrl(node).replace(/^http:\/\//, ""),
        ],
        cwd: repoRoot,
      });
    }
  }
  for (const node of nodeNames) {
    const name = nodeAgentName(node);
    await waitFor(`${name} to sync`, () => healthy(`${nodeAgentMetricsUrl(node)}/healthz`), 60_000, name);
    options.log?.(`${name} running (log ${logFile(name)})`);
  }
}

export async function stopNodeAgents(log?: (line: string) => void): Promise<void> {
  for (const node of nodeNames) {
    if (await stopDaemon(nodeAgentName(node))) log?.(`stopped ${nodeAgentName(node)}`);
  }
}
