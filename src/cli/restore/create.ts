/**
 * `lifeboat restore create [NAME] --from-backup B | --from-schedule S [filters]
 * [--namespace-mappings a:b,…] [--existing-resource-policy none|update] [--restore-volumes]
 * [--preserve-nodeports] [--status-include-resources …] [--wait]`. The backup must exist and
 * be Completed or PartiallyFailed. With -o json|yaml the object is printed and not sent.
 */
import type { Command } from "commander";
import type { Restore } from "../../api/restore.ts";
import { KubeError } from "../../kube/errors.ts";
import { addFilterOptions } from "../filter-flags.ts";
import { addKubeOptions, kubeGlobals, withKube, type KubeContext } from "../kube-context.ts";
import { printData, UsageError } from "../output.ts";
import type { ProgressState } from "../progress-bar.ts";
import { waitForRun } from "../run-wait.ts";
import { restoreFromFlags, type RestoreFlags } from "./spec.ts";

interface CreateFlags extends RestoreFlags {
  wait?: boolean;
}

const restorable = new Set(["Completed", "PartiallyFailed"]);

export function restoreProgress(restore: Restore): ProgressState {
  const p = restore.status?.progress;
  return { phase: restore.status?.phase || "New", done: p?.itemsRestored ?? 0, total: p?.totalItems ?? 0 };
}

export function restoreCounts(restore: Restore): string {
  return `${restore.status?.progress?.itemsRestored ?? 0} items restored`;
}

/** The source backup must exist and have finished well enough to restore from. */
export async function checkSourceBackup(ctx: KubeContext, name: string): Promise<void> {
  let phase: string | undefined;
  try {
    phase = (await ctx.backups.get(name)).status?.phase;
  } catch (err) {
    if (KubeError.is(err, "NotFound"))
      throw new UsageError(
        `--from-backup: backup "${name}" does not exist in namespace ${ctx.namespace} (see lifeboat backup get)`,
      );
    throw err;
  }
  if (!restorable.has(phase ?? ""))
    throw new UsageError(
      `--from-backup: backup "${name}" is ${phase || "New"}; only Completed or PartiallyFailed backups can be restored`,
    );
}

export function registerRestoreCreate(parent: Command): void {
  const command = parent
    .command("create")
    .description("Restore a backup")
    .argument("[name]", "name of the restore (default: <backup>-<UTC yyyyMMddHHmmss>)")
    .option("--from-backup <backup>", "the backup to restore")
    .option("--from-schedule <schedule>", "restore the latest successful backup of this schedule");
  addFilterOptions(command, "restore")
    .option("--namespace-mappings <pairs>", "restore namespaces under new names, e.g. prod:prod-copy,db:db-copy")
    .option("--existing-resource-policy <policy>", "none (keep what exists, warn) or update (patch it)")
    .option("--restore-volumes [bool]", "restore volume data (default true)")
    .option("--preserve-nodeports [bool]", "keep the node ports of restored Services")
    .option("--status-include-resources <list>", "resources whose status is restored too, e.g. workflows")
    .option("--status-exclude-resources <list>", "resources whose status is not restored")
    .option("-w, --wait", "wait for the restore to finish, showing progress");
  addKubeOptions(command).action(async (name: string | undefined, flags: CreateFlags, cmd: Command) => {
    const globals = kubeGlobals(cmd);
    const restore = restoreFromFlags(name, globals.namespace, flags);
    const restoreName = restore.metadata.name ?? "";
    if (globals.output !== "table") {
      printData(globals.output, restore, () => "");
      return;
    }
    await withKube(globals, async (ctx) => {
      if (restore.spec.backupName) await checkSourceBackup(ctx, restore.spec.backupName);
      try {
        await ctx.restores.create(restore);
      } catch (err) {
        if (KubeError.is(err, "AlreadyExists"))
          throw new UsageError(`NAME: restore "${restoreName}" already exists; choose another name`, { cause: err });
        throw err;
      }
      process.stderr.write(`Restore request "${restoreName}" submitted successfully.\n`);
      if (!flags.wait) {
        process.stderr.write(
          `Run 'lifeboat restore describe ${restoreName}' or 'lifeboat restore logs ${restoreName}' for more details.\n`,
        );
        return;
      }
      await waitForRun({
        noun: "restore",
        client: ctx.restores,
        name: restoreName,
        progress: restoreProgress,
        counts: restoreCounts,
      });
    });
  });
}
