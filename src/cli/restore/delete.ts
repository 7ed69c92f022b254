/**
 * `lifeboat restore delete NAME… [--confirm]`: deletes Restore objects (the restored resources
 * in the cluster stay). Without --confirm it asks on a terminal and refuses otherwise.
 */
import type { Command } from "commander";
import { KubeError } from "../../kube/errors.ts";
import { confirm } from "../confirm.ts";
import { addKubeOptions, kubeGlobals, withKube } from "../kube-context.ts";

export function registerRestoreDelete(parent: Command): void {
  const command = parent
    .command("delete")
    .description("Delete restores (what they restored stays)")
    .argument("<names...>", "restores to delete")
    .option("--confirm", "do not ask for confirmation");
  addKubeOptions(command, { output: false }).action(
    async (names: string[], flags: { confirm?: boolean }, cmd: Command) => {
      const globals = kubeGlobals(cmd, { readOutput: false });
      if (!(await confirm(`Delete restore(s) ${names.join(", ")}?`, flags.confirm))) {
        process.stderr.write("Nothing deleted.\n");
        return;
      }
      await withKube(globals, async (ctx) => {
        for (const name of names) {
          try {
            await ctx.restores.delete(name);
            process.stderr.write(`Restore "${name}" deleted.\n`);
          } catch (err) {
            if (!KubeError.is(err, "NotFound")) throw err;
            process.stderr.write(`Error: restore "${name}" not found\n`);
            process.exitCode = 1;
          }
        }
      });
    },
  );
}
