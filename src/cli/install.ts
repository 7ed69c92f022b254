/**
 * `lifeboat install --crds-only [--dry-run -o yaml|json]`: puts Lifeboat's CustomResourceDefinitions
 * (src/api/crds.ts) into the cluster — created when missing, replaced (on the current
 * resourceVersion) when present — and waits until the API server reports each one Established,
 * so the next command can use it. With --dry-run the manifests are printed and no cluster is
 * contacted. The full install (server, node-agent, RBAC, the storage location) is the Helm
 * chart's job; without --crds-only the command says so.
 */
import type { Command } from "commander";
import { stringify } from "yaml";
import { allDefinitions, crdManifest, crdName, type CustomResourceDefinition } from "../api/crds.ts";
import { KubeError } from "../kube/errors.ts";
import type { RestClient } from "../kube/rest.ts";
import { addKubeOptions, kubeGlobals, withKube } from "./kube-context.ts";
import { UsageError, type OutputFormat } from "./output.ts";

const crdPath = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

interface CrdState {
  metadata?: { resourceVersion?: string };
  status?: { conditions?: { type: string; status: string; message?: string }[] };
}

export type ApplyResult = "created" | "updated";

/** Creates the CRD, or replaces it keeping the server's resourceVersion (optimistic concurrency). */
export async function applyCrd(rest: RestClient, crd: CustomResourceDefinition): Promise<ApplyResult> {
  const name = crd.metadata.name;
  let existing: CrdState;
  try {
    existing = await rest.get<CrdState>(`${crdPath}/${name}`);
  } catch (err) {
    if (!KubeError.is(err, "NotFound")) throw err;
    await rest.post(crdPath, crd);
    return "created";
  }
  const body = { ...crd, metadata: { ...crd.metadata, resourceVersion: existing.metadata?.resourceVersion } };
  await rest.put(`${crdPath}/${name}`, body);
  return "updated";
}

function established(state: CrdState): boolean {
  return (state.status?.conditions ?? []).some((c) => c.type === "Established" && c.status === "True");
}

/** Polls until every named CRD is Established; throws naming those that are not after the timeout. */
export async function waitEstablished(rest: RestClient, names: readonly string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending = [...names];
  while (pending.length > 0) {
    const states = await Promise.all(pending.map((n) => rest.get<CrdState>(`${crdPath}/${n}`)));
    pending = pending.filter((_, i) => !established(states[i] ?? {}));
    if (pending.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`CRDs not Established after ${timeoutMs / 1000}s: ${pending.join(", ")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function renderManifests(crds: readonly CustomResourceDefinition[], format: OutputFormat): string {
  if (format === "json") return JSON.stringify({ apiVersion: "v1", kind: "List", items: crds }, null, 2) + "\n";
  return crds.map((crd) => "---\n" + stringify(crd, { aliasDuplicateObjects: false, lineWidth: 0 })).join("");
}

interface InstallFlags {
  crdsOnly?: boolean;
  dryRun?: boolean;
}

export function registerInstall(program: Command): void {
  const command = program
    .command("install")
    .description("Install Lifeboat's CRDs into the cluster (--crds-only); the server is installed with the Helm chart")
    .option("--crds-only", "install only the CustomResourceDefinitions")
    .option("--dry-run", "print the manifests (-o yaml|json) instead of applying them; no cluster needed");
  addKubeOptions(command).action(async (flags: InstallFlags, cmd: Command) => {
    if (!flags.crdsOnly)
      throw new UsageError(
        "install: only --crds-only is supported; install the server, node-agent and RBAC with the Helm chart (helm install lifeboat charts/lifeboat)",
      );
    const globals = kubeGlobals(cmd);
    const crds = allDefinitions.map(crdManifest);
    if (flags.dryRun) {
      process.stdout.write(renderManifests(crds, globals.output === "json" ? "json" : "yaml"));
      return;
    }
    await withKube(globals, async ({ rest, server }) => {
      for (const crd of crds) {
        const result = await applyCrd(rest, crd);
        process.stderr.write(`CustomResourceDefinition/${crd.metadata.name}: ${result}\n`);
      }
      process.stderr.write("Waiting for the CRDs to be established...\n");
      await waitEstablished(rest, allDefinitions.map(crdName));
      process.stderr.write(`Lifeboat CRDs are installed on ${server}.\n`);
    });
  });
}
