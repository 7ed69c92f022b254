/**
 * Where the Kubernetes credentials come from, in the order controller-runtime uses:
 * an explicit file (--kubeconfig), then $KUBECONFIG (a path list, merged like kubectl does, the
 * first file's current context winning), then the in-cluster service account when
 * KUBERNETES_SERVICE_HOST is set, then ~/.kube/config. `context` selects a context by name.
 * Unlike client-node's loadFromDefault this never falls back to an unauthenticated
 * http://localhost:8080: no configuration is a "ConfigNotFound" error.
 */
import { KubeConfig } from "@kubernetes/client-node";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { KubeError } from "./errors.ts";

export const serviceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

export interface LoadKubeConfigOptions {
  /** An explicit kubeconfig file; wins over everything else. */
  kubeconfig?: string;
  /** A context name from the kubeconfig; the file's current-context when absent. */
  context?: string;
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Defaults to os.homedir(). */
  homeDir?: string;
  /** Where the in-cluster token, CA and namespace are mounted. */
  serviceAccountDir?: string;
}

function fromFiles(files: string[]): KubeConfig {
  const kc = new KubeConfig();
  const [first, ...rest] = files;
  if (first === undefined) throw new KubeError("ConfigNotFound", "no kubeconfig file given");
  kc.loadFromFile(first);
  for (const file of rest) {
    const more = new KubeConfig();
    more.loadFromFile(file);
    kc.mergeConfig(more, true);
  }
  return kc;
}

function inCluster(env: NodeJS.ProcessEnv, dir: string): KubeConfig {
  const host = env.KUBERNETES_SERVICE_HOST ?? "";
  const port = env.KUBERNETES_SERVICE_PORT ?? "443";
  const server = `https://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "in-cluster", server, caFile: path.join(dir, "ca.crt"), skipTLSVerify: false }],
    // tokenFile re-reads the projected token, which the kubelet rotates.
    users: [
      { name: "in-cluster", authProvider: { name: "tokenFile", config: { tokenFile: path.join(dir, "token") } } },
    ],
    contexts: [{ name: "in-cluster", cluster: "in-cluster", user: "in-cluster", namespace: inClusterNamespace(dir) }],
    currentContext: "in-cluster",
  });
  return kc;
}

function inClusterNamespace(dir: string): string | undefined {
  const file = path.join(dir, "namespace");
  if (!existsSync(file)) return undefined;
  return readFileSync(file, "utf8").trim() || undefined;
}

function locate(options: LoadKubeConfigOptions): KubeConfig {
  const env = options.env ?? process.env;
  if (options.kubeconfig) return fromFiles([options.kubeconfig]);
  // Like kubectl: files in $KUBECONFIG that do not exist are skipped.
  const listed = (env.KUBECONFIG ?? "").split(path.delimiter).filter((f) => f !== "" && existsSync(f));
  if (listed.length > 0) return fromFiles(listed);
  if (env.KUBERNETES_SERVICE_HOST) return inCluster(env, options.serviceAccountDir ?? serviceAccountDir);
  const home = path.join(options.homeDir ?? os.homedir(), ".kube", "config");
  if (existsSync(home)) return fromFiles([home]);
  throw new KubeError(
    "ConfigNotFound",
    "no Kubernetes configuration: pass --kubeconfig, set KUBECONFIG, run in a cluster, or create ~/.kube/config",
  );
}

export function loadKubeConfig(options: LoadKubeConfigOptions = {}): KubeConfig {
  let kc: KubeConfig;
  try {
    kc = locate(options);
  } catch (err) {
    if (KubeError.is(err)) throw err;
    throw new KubeError("ConfigNotFound", `cannot load kubeconfig: ${(err as Error).message}`, { cause: err });
  }
  if (options.context !== undefined) {
    if (!kc.getContextObject(options.context)) {
      throw new KubeError("InvalidArgument", `context "${options.context}" is not in the kubeconfig`);
    }
    kc.setCurrentContext(options.context);
  }
  if (!kc.getCurrentCluster()) {
    throw new KubeError("ConfigNotFound", `kubeconfig context "${kc.getCurrentContext()}" names no cluster`);
  }
  return kc;
}

/** The namespace of the current context (in a pod: the pod's own namespace), if any. */
export function currentNamespace(kc: KubeConfig): string | undefined {
  return kc.getContextObject(kc.getCurrentContext())?.namespace;
}
