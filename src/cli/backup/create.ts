/**
 * `lifeboat backup create NAME [filters] [--ttl 24h] [--storage-location L]
 * [--default-volumes-to-fs-backup] [--labels k=v] [--wait]`: creates a Backup for the server to
 * run. With -o json|yaml the object is printed and not sent (Velero's habit). A named storage
 * location must exist; without one the server uses the default location.
 */
import type { Command } from "commander";
import type { Backup } from "../../api/backup.ts";
import { KubeError } from "../../kube/errors.ts";
import { humanBytes } from "../describe-format.ts";
import { addFilterOptions } from "../filter-flags.ts";
import { addKubeOptions, kubeGlobals, withKube, type KubeContext } from "../kube-context.ts";
import { printData, UsageError } from "../output.ts";
import type { ProgressState } from "../progress-bar.ts";
import { waitForRun } from "../run-wait.ts";
import { backupFromFlags, type BackupFlags } from "./spec.ts";

interface CreateFlags extends BackupFlags {
  wait?: boolean;
}

export function backupProgress(backup: Backup): ProgressState {
  const p = backup.status?.progress;
  return {
    phase: backup.status?.phase || "New",
    done: p?.itemsBackedUp ?? 0,
    total: p?.totalItems ?? 0,
    ...(p?.totalBytes || p?.bytesDone ? { bytes: p.bytesDone ?? 0, totalBytes: p.totalBytes ?? 0 } : {}),
  };
}

export function backupCounts(backup: Backup): string {
  const p = backup.status?.progress;
  const items = `${p?.itemsBackedUp ?? 0} items`;
  return p?.bytesDone ? `${items}, ${humanBytes(p.bytesDone)} of volume data` : items;
}

async function checkLocation(ctx: KubeContext, name: string): Promise<void> {
  try {
    await ctx.locations.get(name);
  } catch (err) {
    if (KubeError.is(err, "NotFound"))
      throw new UsageError(
        `--storage-location: backup storage location "${name}" does not exist in namespace ${ctx.namespace} (see lifeboat backup-location get)`,
      );
    throw err;
  }
}

export function registerBackupCreate(parent: Command): void {
  const command = parent.command("create").description("Create a backup").argument("<name>", "name of the backup");
  addFilterOptions(command, "backup")
    .option("--ttl <duration>", "how long to keep the backup, e.g. 720h0m0s (default: the server's, 30 days)")
    .option("--storage-location <name>", "the backup storage location to write to (default: the default location)")
    .option("--default-volumes-to-fs-backup [bool]", "back up every pod volume unless the pod opts it out")
    .option("-w, --wait", "wait for the backup to finish, showing progress");
  addKubeOptions(command).action(async (name: string, flags: CreateFlags, cmd: Command) => {
    const globals = kubeGlobals(cmd);
    const backup = backupFromFlags(name, globals.namespace, flags);
    if (globals.output !== "table") {
      printData(globals.output, backup, () => "");
      return;
    }
    await withKube(globals, async (ctx) => {
      if (backup.spec.storageLocation) await checkLocation(ctx, backup.spec.storageLocation);
      try {
        await ctx.backups.create(backup);
      } catch (err) {
        if (KubeError.is(err, "AlreadyExists"))
          throw new UsageError(`NAME: backup "${name}" already exists; choose another name`, { cause: err });
        throw err;
      }
      process.stderr.write(`Backup request "${name}" submitted successfully.\n`);
      if (!flags.wait) {
        process.stderr.write(
          `Run 'lifeboat backup describe ${name}' or 'lifeboat backup logs ${name}' for more details.\n`,
        );
        return;
      }
      await waitForRun({ noun: "backup", client: ctx.backups, name, progress: backupProgress, counts: backupCounts });
    });
  });
}
