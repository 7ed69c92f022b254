/** `lifeboat backup get [NAME…]`: backups as a table (Velero's columns) or as JSON/YAML. */
import type { Command } from "commander";
import { registerSelectorGet } from "../selector-get.ts";
import { backupTable } from "./print.ts";

export function registerBackupGet(parent: Command): void {
  registerSelectorGet(parent, {
    noun: "backup",
    selectorHelp: "only backups whose labels match, e.g. lifeboat.dev/schedule-name=nightly",
    listKind: "BackupList",
    clientOf: (ctx) => ctx.backups,
    table: (rows) => backupTable(rows),
  });
}
