/**
 * The cluster side of `lifeboat repo`: `repo password --show [--storage-location NAME]` prints
 * the repository password of a storage location (so stock restic can open the repositories, and
 * so it can be saved for a disaster in which the cluster is lost), and `repo get` lists the
 * BackupRepositories with their state. Both talk to the cluster; the other `repo` verbs work on
 * a repository directly and need none.
 */
import type { Command } from "commander";
import { backupRepositoryDefinition, type BackupRepository } from "../api/backup-repository.ts";
import { labels } from "../api/group.ts";
import { lifeboatClient } from "../kube/resource-client.ts";
import { passwordSecretName, readRepositoryPassword } from "../podvolume/repository-password.ts";
import { humanAge } from "./describe-format.ts";
import { addKubeOptions, kubeGlobals, withKube, type KubeContext } from "./kube-context.ts";
import { printData, UsageError } from "./output.ts";
import { kubeTable } from "./table.ts";

async function defaultLocation(ctx: KubeContext): Promise<string> {
  const all = await ctx.locations.list();
  const chosen = all.find((l) => l.spec.default) ?? (all.length === 1 ? all[0] : undefined);
  if (chosen?.metadata.name) return chosen.metadata.name;
  const names = all.map((l) => l.metadata.name ?? "").join(", ");
  throw new UsageError(
    all.length === 0
      ? `--storage-location: namespace ${ctx.namespace} has no backup storage locations`
      : `--storage-location: required, there is no default location; one of: ${names}`,
  );
}

function registerPassword(repo: Command): void {
  addKubeOptions(
    repo
      .command("password")
      .description("Print the repository password of a storage location (for stock restic, or to keep it safe)")
      .option("--show", "print the password (required: it is a secret)")
      .option("--storage-location <name>", "the location (default: the default location)"),
    { output: false },
  ).action(async (flags: { show?: boolean; storageLocation?: string }, command: Command) => {
    if (!flags.show)
      throw new UsageError(
        "--show: required to print the password (it is a secret); e.g. lifeboat repo password --show",
      );
    await withKube(kubeGlobals(command), async (ctx) => {
      const location = flags.storageLocation ?? (await defaultLocation(ctx));
      const password = await readRepositoryPassword(ctx.rest, ctx.namespace, location);
      if (password === undefined) {
        throw new UsageError(
          `location "${location}" has no repository password yet (secret ${ctx.namespace}/${passwordSecretName}); it is made by the first pod volume backup`,
        );
      }
      process.stdout.write(`${password}\n`);
      process.stderr.write(
        `the password of the volume repositories in location "${location}"; open one with:\n` +
          `  RESTIC_PASSWORD=… restic -r <identifier from lifeboat repo get> snapshots\n` +
          `keep a copy outside this cluster: a new cluster needs it to restore volume data\n`,
      );
    });
  });
}

function rows(items: BackupRepository[], now: number): string[][] {
  return items.map((r) => [
    r.metadata.name ?? "",
    r.spec.volumeNamespace,
    r.spec.backupStorageLocation,
    r.status?.phase ?? "New",
    r.status?.lastMaintenanceTime ? humanAge(now - Date.parse(r.status.lastMaintenanceTime)) : "<none>",
    r.spec.repositoryIdentifier,
    r.status?.phase === "NotReady" ? (r.status.message ?? "") : "",
  ]);
}

function registerGet(repo: Command): void {
  addKubeOptions(
    repo
      .command("get")
      .description("List the volume repositories (BackupRepositories) and their state")
      .argument("[name...]", "only these")
      .option("--storage-location <name>", "only repositories in this location"),
  ).action(async (names: string[], flags: { storageLocation?: string }, command: Command) => {
    const globals = kubeGlobals(command);
    await withKube(globals, async (ctx) => {
      const client = lifeboatClient(ctx.rest, backupRepositoryDefinition, ctx.namespace);
      const selector = flags.storageLocation ? `${labels.storageLocation}=${flags.storageLocation}` : undefined;
      let items = await client.list(selector ? { labelSelector: selector } : {});
      if (names.length > 0) items = items.filter((r) => names.includes(r.metadata.name ?? ""));
      items.sort((a, b) => (a.metadata.name ?? "").localeCompare(b.metadata.name ?? ""));
      if (items.length === 0 && globals.output === "table") {
        process.stderr.write(`No repositories found in namespace ${ctx.namespace}.\n`);
        return;
      }
      const header = ["NAME", "NAMESPACE", "STORAGE LOCATION", "STATUS", "LAST MAINTENANCE", "IDENTIFIER", "MESSAGE"];
      printData(globals.output, items.length === 1 && names.length === 1 ? items[0] : items, () =>
        kubeTable(header, rows(items, Date.now())),
      );
    });
  });
}

export function registerRepoCluster(repo: Command): void {
  registerPassword(repo);
  registerGet(repo);
}
