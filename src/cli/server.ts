/**
 * `lifeboat server`: runs the controllers (src/server.ts) in a cluster or, with --kubeconfig,
 * outside it. Flags are checked here; a bad one stops the start with a line naming it.
 */
import type { Command } from "commander";
import { defaultNamespace } from "../api/group.ts";
import { parseDuration } from "../api/duration.ts";
import { lifeboatImage } from "../version.ts";
import { UsageError } from "./output.ts";

interface ServerFlags {
  kubeconfig?: string;
  kubecontext?: string;
  namespace?: string;
  metricsAddress: string;
  clientQps: string;
  clientBurst: string;
  logLevel: string;
  workDir?: string;
  leaderElect: boolean;
  podVolumeTimeout: string;
  podVolumeStallTimeout: string;
  restoreHelperImage: string;
}

/**
 * Higher than the CLI's and Velero's 100: a restore creates one object per request, so the QPS
 * limit is its speed; the API server's priority and fairness still protects the cluster.
 */
const serverClientQps = 500;
const serverClientBurst = 1000;

const logLevels = ["debug", "info", "warn", "error"];

function positiveNumber(flag: string, value: string, example: string): number {
  const n = Number(value);
  if (!(Number.isFinite(n) && n > 0))
    throw new UsageError(`${flag}: "${value}" is not a positive number (e.g. ${example})`);
  return n;
}

function checkAddress(value: string): string {
  if (value === "" || /^[^:]*:\d{1,5}$/.test(value)) return value;
  throw new UsageError(`--metrics-address: "${value}" is not host:port (e.g. 127.0.0.1:8085, or "" to turn it off)`);
}

function durationFlag(flag: string, value: string): number {
  try {
    const ms = parseDuration(value);
    if (ms > 0) return ms;
  } catch {
    // reported below
  }
  throw new UsageError(`${flag}: "${value}" is not a positive duration (e.g. 4h0m0s, 90s)`);
}

export function registerServer(program: Command): void {
  program
    .command("server")
    .description("Run the Lifeboat server (the controllers); in a cluster, or outside it with --kubeconfig")
    .option(
      "--kubeconfig <file>",
      "kubeconfig to use outside a cluster (default: in-cluster, KUBECONFIG, ~/.kube/config)",
    )
    .option("--kubecontext <name>", "kubeconfig context")
    .option("-n, --namespace <ns>", `namespace of the Lifeboat resources (default ${defaultNamespace})`)
    .option("--metrics-address <host:port>", "where /metrics and /healthz are served", "127.0.0.1:8085")
    .option(
      "--client-qps <n>",
      "API requests per second (restores create one object per request)",
      String(serverClientQps),
    )
    .option("--client-burst <n>", "API request burst", String(serverClientBurst))
    .option("--log-level <level>", `one of ${logLevels.join(", ")}`, "info")
    .option("--work-dir <dir>", "scratch folder for backup and restore runs (default: the OS temp folder)")
    .option("--pod-volume-timeout <duration>", "how long a backup or restore waits for its pod volumes", "4h0m0s")
    .option(
      "--pod-volume-stall-timeout <duration>",
      "a pod volume backup/restore without progress for this long has a dead node agent and is failed",
      "5m0s",
    )
    .option("--restore-helper-image <image>", "image of the restore-wait init container", lifeboatImage)
    .option("--no-leader-elect", "run the controllers without taking the lifeboat-server Lease")
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<ServerFlags>();
      if (!logLevels.includes(flags.logLevel)) {
        throw new UsageError(`--log-level: "${flags.logLevel}" is not one of ${logLevels.join(", ")}`);
      }
      // loaded on use: the server pulls in every controller, and the CLI should start fast
      const { runServer } = await import("../server.ts");
      await runServer({
        ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}),
        ...(flags.kubecontext ? { kubecontext: flags.kubecontext } : {}),
        namespace: flags.namespace ?? process.env["LIFEBOAT_NAMESPACE"] ?? defaultNamespace,
        metricsAddress: checkAddress(flags.metricsAddress),
        clientQps: positiveNumber("--client-qps", flags.clientQps, "100"),
        clientBurst: positiveNumber("--client-burst", flags.clientBurst, "100"),
        logLevel: flags.logLevel,
        ...(flags.workDir ? { workRoot: flags.workDir } : {}),
        leaderElect: flags.leaderElect,
        podVolumeTimeoutMs: durationFlag("--pod-volume-timeout", flags.podVolumeTimeout),
        podVolumeStallMs: durationFlag("--pod-volume-stall-timeout", flags.podVolumeStallTimeout),
        restoreHelperImage: flags.restoreHelperImage,
      });
    });
}
