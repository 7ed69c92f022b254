/** `lifeboat backup get [NAME…]`: backups as a table (Velero's columns) or as JSON/YAML. */
import type { Command } from "commander";
import { addKubeOptions, kubeGlobals, withKube } from "../kube-context.ts";
import { getNamedOrAll, printObjects } from "../print-objects.ts";
import { backupTable } from "./print.ts";

export function registerBackupGet(parent: Command): void {
  const command = parent
    .command("get")
    .description("Show backups")
    .argument("[names...]", "backups to show (default: all)")
    .option("-l, --selector <selector>", "only backups whose labels match, e.g. lifeboat.dev/schedule-name=nightly");
  addKubeOptions(command).action(async (names: string[], flags: { selector?: string }, cmd: Command) => {
    const globals = kubeGlobals(cmd);
    await withKube(globals, async (ctx) => {
      const client = {
        get: (n: string) => ctx.backups.get(n),
        list: () => ctx.backups.list(flags.selector ? { labelSelector: flags.selector } : {}),
      };
      const items = await getNamedOrAll(client, names, "backup");
      printObjects({
        format: globals.output,
        items,
        listKind: "BackupList",
        single: names.length === 1,
        named: names.length > 0,
        table: (rows) => backupTable(rows),
        none: "No backups found.",
      });
    });
  });
}
