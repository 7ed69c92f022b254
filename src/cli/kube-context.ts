/**
 * What every cluster-facing command shares: the global flags (`-n/--namespace`, `--kubeconfig`,
 * `--kubecontext`, `-o/--output`), resolved with kubectl's precedence (flag, then environment,
 * then default), and the clients built from them. The flags exist on the root program (given
 * before the noun: `lifeboat -n x backup get`) and on every verb (kubectl's habit:
 * `lifeboat backup get -n x`); the verb's value wins. They cannot live on the root alone:
 * commander would then take `-n` and `-o` away from verbs that use them differently
 * (`repo forget -n`, `backup download -o FILE`).
 *
 * `explainKubeError` turns the failures a user can fix — no kubeconfig, an unreachable API
 * server, CRDs not installed, a missing namespace — into one line that says what to do.
 */
import type { Command } from "commander";
import type { KubeConfig } from "@kubernetes/client-node";
import { backupDefinition, type Backup } from "../api/backup.ts";
import { backupStorageLocationDefinition, type BackupStorageLocation } from "../api/backup-storage-location.ts";
import { deleteBackupRequestDefinition, type DeleteBackupRequest } from "../api/delete-backup-request.ts";
import { downloadRequestDefinition, type DownloadRequest } from "../api/download-request.ts";
import { defaultNamespace } from "../api/group.ts";
import { restoreDefinition, type Restore } from "../api/restore.ts";
import { serverStatusRequestDefinition, type ServerStatusRequest } from "../api/server-status-request.ts";
import { KubeError } from "../kube/errors.ts";
import { loadKubeConfig } from "../kube/kubeconfig.ts";
import { lifeboatClient, type ResourceClient } from "../kube/resource-client.ts";
import { RestClient } from "../kube/rest.ts";
import { parseOutputFormat, UsageError, type OutputFormat } from "./output.ts";

export interface KubeFlags {
  namespace?: string;
  kubeconfig?: string;
  kubecontext?: string;
  output?: string;
}

export interface KubeGlobals {
  namespace: string;
  kubeconfig?: string;
  kubecontext?: string;
  output: OutputFormat;
}

/** Adds the global flags to a command (the root, or a verb). `output: false` leaves -o to the verb. */
export function addKubeOptions(command: Command, options: { output?: boolean } = {}): Command {
  command
    .option(
      "-n, --namespace <namespace>",
      `the namespace Lifeboat is installed in (env LIFEBOAT_NAMESPACE; default ${defaultNamespace})`,
    )
    .option("--kubeconfig <file>", "kubeconfig file (env KUBECONFIG; default ~/.kube/config)")
    .option("--kubecontext <context>", "kubeconfig context to use (default: the current context)");
  if (options.output !== false) command.option("-o, --output <format>", "output format: table, json or yaml");
  return command;
}

/** The flags with the verb's values over the root's (commander's optsWithGlobals lets the root win). */
function nearestFlags(command: Command): KubeFlags {
  const chain: Command[] = [];
  for (let c: Command | null = command; c; c = c.parent) chain.unshift(c);
  const flags: KubeFlags = {};
  for (const c of chain) {
    for (const [key, value] of Object.entries(c.opts<KubeFlags>())) {
      if (value !== undefined) (flags as Record<string, unknown>)[key] = value;
    }
  }
  return flags;
}

/**
 * The global flags as given on the verb, else on the root, else the environment and defaults.
 * `readOutput: false` for a verb whose own -o is not a format (`backup download -o FILE`).
 */
export function kubeGlobals(
  command: Command,
  options: { readOutput?: boolean; env?: NodeJS.ProcessEnv } = {},
): KubeGlobals {
  const env = options.env ?? process.env;
  const flags = nearestFlags(command);
  const namespace = flags.namespace ?? (env["LIFEBOAT_NAMESPACE"] || defaultNamespace);
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace) || namespace.length > 63)
    throw new UsageError(`--namespace: "${namespace}" is not a valid namespace name; e.g. -n lifeboat`);
  return {
    namespace,
    ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}),
    ...(flags.kubecontext ? { kubecontext: flags.kubecontext } : {}),
    output: options.readOutput === false ? "table" : parseOutputFormat(flags.output ?? "table"),
  };
}

export interface KubeContext {
  kc: KubeConfig;
  rest: RestClient;
  namespace: string;
  /** The API server URL, for messages. */
  server: string;
  backups: ResourceClient<Backup>;
  restores: ResourceClient<Restore>;
  locations: ResourceClient<BackupStorageLocation>;
  downloadRequests: ResourceClient<DownloadRequest>;
  deleteBackupRequests: ResourceClient<DeleteBackupRequest>;
  serverStatusRequests: ResourceClient<ServerStatusRequest>;
}

export function kubeContext(globals: KubeGlobals): KubeContext {
  let kc: KubeConfig;
  try {
    kc = loadKubeConfig({
      ...(globals.kubeconfig ? { kubeconfig: globals.kubeconfig } : {}),
      ...(globals.kubecontext ? { context: globals.kubecontext } : {}),
    });
  } catch (err) {
    throw explainKubeError(err);
  }
  const rest = new RestClient(kc);
  const ns = globals.namespace;
  return {
    kc,
    rest,
    namespace: ns,
    server: kc.getCurrentCluster()?.server ?? "?",
    backups: lifeboatClient(rest, backupDefinition, ns),
    restores: lifeboatClient(rest, restoreDefinition, ns),
    locations: lifeboatClient(rest, backupStorageLocationDefinition, ns),
    downloadRequests: lifeboatClient(rest, downloadRequestDefinition, ns),
    deleteBackupRequests: lifeboatClient(rest, deleteBackupRequestDefinition, ns),
    serverStatusRequests: lifeboatClient(rest, serverStatusRequestDefinition, ns),
  };
}

/** The innermost cause's code and message ("ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1"): fetch says only "fetch failed". */
function deepestCause(err: unknown): string | undefined {
  let found: string | undefined;
  for (let e: unknown = (err as Error).cause; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    found = typeof code === "string" && !e.message.includes(code) ? `${code}: ${e.message}` : e.message;
  }
  return found;
}

/** A clear one-line error for failures the user can fix; anything else is returned unchanged. */
export function explainKubeError(err: unknown, ctx?: { server: string; namespace: string }): unknown {
  if (!KubeError.is(err)) return err;
  const detail = err.message;
  switch (err.code) {
    case "ConfigNotFound":
    case "InvalidArgument":
      return new UsageError(`kubeconfig: ${detail}`);
    case "Network":
    case "Timeout":
      return new UsageError(
        `cannot reach the Kubernetes API server${ctx ? ` at ${ctx.server}` : ""} (${deepestCause(err) ?? detail}); check --kubeconfig and --kubecontext`,
        { cause: err },
      );
    case "Unauthorized":
      return new UsageError(
        `the API server rejected the credentials (${detail}); check --kubeconfig and --kubecontext`,
      );
    case "NotFound":
      if (/could not find the requested resource/.test(detail))
        return new UsageError(`the Lifeboat CRDs are not installed in this cluster; run: lifeboat install --crds-only`);
      if (ctx && detail.includes(`namespaces "${ctx.namespace}" not found`))
        return new UsageError(
          `namespace "${ctx.namespace}" does not exist: is Lifeboat installed there? Pick its namespace with -n`,
        );
      return err;
    default:
      return err;
  }
}

/**
 * Runs a command's body with the kube context and rewrites fixable errors into clear lines
 * (see explainKubeError). Every cluster-facing action goes through here.
 */
export async function withKube<T>(globals: KubeGlobals, body: (ctx: KubeContext) => Promise<T>): Promise<T> {
  const ctx = kubeContext(globals);
  try {
    return await body(ctx);
  } catch (err) {
    throw explainKubeError(err, ctx);
  }
}
