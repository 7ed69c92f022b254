/**
 * `lifeboat backup delete NAME… [--confirm]`: asks the server to delete backups everywhere (the
 * bucket's objects, the volume snapshots, the Backup object) by creating one DeleteBackupRequest
 * per backup, as Velero does. Without --confirm it asks on a terminal and refuses otherwise.
 */
import type { Command } from "commander";
import { randomBytes } from "node:crypto";
import type { Backup } from "../../api/backup.ts";
import type { DeleteBackupRequest } from "../../api/delete-backup-request.ts";
import { apiVersion, labels } from "../../api/group.ts";
import { KubeError } from "../../kube/errors.ts";
import { confirm } from "../confirm.ts";
import { addKubeOptions, kubeGlobals, withKube } from "../kube-context.ts";

/** The request for one backup, labelled with its name and uid so the server and `get` find it. */
export function deleteRequestFor(backup: Backup, namespace: string): DeleteBackupRequest {
  const name = backup.metadata.name ?? "";
  return {
    apiVersion,
    kind: "DeleteBackupRequest",
    metadata: {
      name: `${name.slice(0, 230)}-${randomBytes(5).toString("hex")}`,
      namespace,
      labels: {
        ...(name.length <= 63 ? { [labels.backupName]: name } : {}),
        ...(backup.metadata.uid ? { [labels.backupUid]: backup.metadata.uid } : {}),
      },
    },
    spec: { backupName: name },
  };
}

export function registerBackupDelete(parent: Command): void {
  const command = parent
    .command("delete")
    .description("Delete backups and everything they stored")
    .argument("<names...>", "backups to delete")
    .option("--confirm", "do not ask for confirmation");
  addKubeOptions(command, { output: false }).action(
    async (names: string[], flags: { confirm?: boolean }, cmd: Command) => {
      const globals = kubeGlobals(cmd, { readOutput: false });
      if (!(await confirm(`Delete backup(s) ${names.join(", ")} and all their data?`, flags.confirm))) {
        process.stderr.write("Nothing deleted.\n");
        return;
      }
      await withKube(globals, async (ctx) => {
        for (const name of names) {
          let backup: Backup;
          try {
            backup = await ctx.backups.get(name);
          } catch (err) {
            if (!KubeError.is(err, "NotFound")) throw err;
            process.stderr.write(`Error: backup "${name}" not found\n`);
            process.exitCode = 1;
            continue;
          }
          await ctx.deleteBackupRequests.create(deleteRequestFor(backup, ctx.namespace));
          process.stderr.write(
            `Request to delete backup "${name}" submitted successfully; it is deleted once its data is removed from storage.\n`,
          );
        }
      });
    },
  );
}
