/**
 * `lifeboat node-agent --node-name N --host-pods <kubelet root>/pods`: runs the node agent
 * (src/node-agent.ts) for one node, in a cluster (DaemonSet) or outside it with --kubeconfig.
 * Flags are checked here; a bad one stops the start with a line naming it.
 */
import { statSync } from "node:fs";
import type { Command } from "commander";
import { parseDuration } from "../api/duration.ts";
import { defaultNamespace } from "../api/group.ts";
import { defaultClientBurst, defaultClientQps } from "../kube/rate-limiter.ts";
import { UsageError } from "./output.ts";

interface NodeAgentFlags {
  nodeName?: string;
  hostPods: string;
  kubeconfig?: string;
  kubecontext?: string;
  namespace?: string;
  concurrency: string;
  metricsAddress: string;
  logLevel: string;
  clientQps: string;
  clientBurst: string;
  podWaitTimeout: string;
}

const logLevels = ["debug", "info", "warn", "error"];

function positiveInteger(flag: string, value: string, example: string): number {
  const n = Number(value);
  if (!(Number.isInteger(n) && n > 0))
    throw new UsageError(`${flag}: "${value}" is not a positive whole number (e.g. ${example})`);
  return n;
}

function checkAddress(value: string): string {
  if (value === "" || /^[^:]*:\d{1,5}$/.test(value)) return value;
  throw new UsageError(`--metrics-address: "${value}" is not host:port (e.g. 127.0.0.1:8086, or "" to turn it off)`);
}

function checkHostPods(value: string): string {
  let isDir: boolean;
  try {
    isDir = statSync(value).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    throw new UsageError(
      `--host-pods: "${value}" is not a folder; give the kubelet's pods folder as this process sees it (e.g. /host_pods, or /var/lib/kubelet/pods)`,
    );
  }
  return value;
}

function duration(flag: string, value: string): number {
  try {
    return parseDuration(value);
  } catch (err) {
    throw new UsageError(`${flag}: ${(err as Error).message}`);
  }
}

export function registerNodeAgent(program: Command): void {
  program
    .command("node-agent")
    .description("Run the node agent: back up and restore the pod volumes of one node")
    .option("--node-name <name>", "this node's name (env NODE_NAME)")
    .option("--host-pods <dir>", "the kubelet's pods folder as mounted here", "/host_pods")
    .option(
      "--kubeconfig <file>",
      "kubeconfig to use outside a cluster (default: in-cluster, KUBECONFIG, ~/.kube/config)",
    )
    .option("--kubecontext <name>", "kubeconfig context")
    .option("-n, --namespace <ns>", `namespace of the Lifeboat resources (default ${defaultNamespace})`)
    .option("--concurrency <n>", "volumes backed up or restored at once on this node", "2")
    .option(
      "--metrics-address <host:port>",
      'where /metrics and /healthz are served (port 0: any free port, logged at start; "" turns it off)',
      "127.0.0.1:0",
    )
    .option("--log-level <level>", `one of ${logLevels.join(", ")}`, "info")
    .option("--client-qps <n>", "API requests per second", String(defaultClientQps))
    .option("--client-burst <n>", "API request burst", String(defaultClientBurst))
    .option("--pod-wait-timeout <duration>", "how long a restore waits for its pod to be scheduled and mounted", "10m")
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<NodeAgentFlags>();
      const nodeName = flags.nodeName ?? process.env["NODE_NAME"];
      if (!nodeName) throw new UsageError("--node-name: required (or set NODE_NAME); e.g. --node-name worker-1");
      if (!logLevels.includes(flags.logLevel)) {
        throw new UsageError(`--log-level: "${flags.logLevel}" is not one of ${logLevels.join(", ")}`);
      }
      const { runNodeAgent } = await import("../node-agent.ts");
      await runNodeAgent({
        nodeName,
        hostPods: checkHostPods(flags.hostPods),
        ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}),
        ...(flags.kubecontext ? { kubecontext: flags.kubecontext } : {}),
        namespace: flags.namespace ?? process.env["LIFEBOAT_NAMESPACE"] ?? defaultNamespace,
        concurrency: positiveInteger("--concurrency", flags.concurrency, "2"),
        metricsAddress: checkAddress(flags.metricsAddress),
        logLevel: flags.logLevel,
        clientQps: positiveInteger("--client-qps", flags.clientQps, "100"),
        clientBurst: positiveInteger("--client-burst", flags.clientBurst, "100"),
        podWaitTimeoutMs: duration("--pod-wait-timeout", flags.podWaitTimeout),
      });
    });
}
