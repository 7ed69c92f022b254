/**
 * `lifeboat backup-location delete NAME… [--confirm]`: removes location objects. The backups in
 * the bucket are not touched; a cluster pointed at the bucket again finds them (backup sync).
 */
import type { Command } from "commander";
import { KubeError } from "../../kube/errors.ts";
import { confirm } from "../confirm.ts";
import { addKubeOptions, kubeGlobals, withKube } from "../kube-context.ts";

export function registerLocationDelete(parent: Command): void {
  const command = parent
    .command("delete")
    .description("Delete backup storage locations (the data in the bucket stays)")
    .argument("<names...>", "locations to delete")
    .option("--confirm", "do not ask for confirmation");
  addKubeOptions(command, { output: false }).action(
    async (names: string[], flags: { confirm?: boolean }, cmd: Command) => {
      const globals = kubeGlobals(cmd);
      if (!(await confirm(`Delete backup storage location(s) ${names.join(", ")}?`, flags.confirm))) {
        process.stderr.write("Nothing deleted.\n");
        return;
      }
      await withKube(globals, async (ctx) => {
        for (const name of names) {
          try {
            await ctx.locations.delete(name);
            process.stderr.write(`Backup storage location "${name}" deleted; its backups in the bucket are kept.\n`);
          } catch (err) {
            if (!KubeError.is(err, "NotFound")) throw err;
            process.stderr.write(`Error: backup storage location "${name}" not found\n`);
            process.exitCode = 1;
          }
        }
      });
    },
  );
}
