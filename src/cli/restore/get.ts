/** `lifeboat restore get [NAME…]`: restores as a table (Velero's columns) or as JSON/YAML. */
import type { Command } from "commander";
import { addKubeOptions, kubeGlobals, withKube } from "../kube-context.ts";
import { getNamedOrAll, printObjects } from "../print-objects.ts";
import { restoreTable } from "./print.ts";

export function registerRestoreGet(parent: Command): void {
  const command = parent
    .command("get")
    .description("Show restores")
    .argument("[names...]", "restores to show (default: all)")
    .option("-l, --selector <selector>", "only restores whose labels match");
  addKubeOptions(command).action(async (names: string[], flags: { selector?: string }, cmd: Command) => {
    const globals = kubeGlobals(cmd);
    await withKube(globals, async (ctx) => {
      const client = {
        get: (n: string) => ctx.restores.get(n),
        list: () => ctx.restores.list(flags.selector ? { labelSelector: flags.selector } : {}),
      };
      printObjects({
        format: globals.output,
        items: await getNamedOrAll(client, names, "restore"),
        listKind: "RestoreList",
        single: names.length === 1,
        named: names.length > 0,
        table: (rows) => restoreTable(rows),
        none: "No restores found.",
      });
    });
  });
}
