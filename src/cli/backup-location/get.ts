/** `lifeboat backup-location get [NAME…] [--default]`: list locations, or the named ones. */
import type { Command } from "commander";
import { addKubeOptions, kubeGlobals, withKube } from "../kube-context.ts";
import { getNamedOrAll, printObjects } from "../print-objects.ts";
import { locationTable } from "./print.ts";

export function registerLocationGet(parent: Command): void {
  const command = parent
    .command("get")
    .description("Show backup storage locations")
    .argument("[names...]", "locations to show (default: all)")
    .option("--default", "show only the default location");
  addKubeOptions(command).action(async (names: string[], flags: { default?: boolean }, cmd: Command) => {
    const globals = kubeGlobals(cmd);
    await withKube(globals, async (ctx) => {
      let items = await getNamedOrAll(ctx.locations, names, "backup storage location");
      if (flags.default) items = items.filter((l) => l.spec.default === true);
      printObjects({
        format: globals.output,
        items,
        listKind: "BackupStorageLocationList",
        single: names.length === 1,
        named: names.length > 0,
        table: (rows) => locationTable(rows),
        none: flags.default ? "No default backup storage location." : "No backup storage locations found.",
      });
    });
  });
}
