/** `lifeboat restore get [NAME…]`: restores as a table (Velero's columns) or as JSON/YAML. */
import type { Command } from "commander";
import { registerSelectorGet } from "../selector-get.ts";
import { restoreTable } from "./print.ts";

export function registerRestoreGet(parent: Command): void {
  registerSelectorGet(parent, {
    noun: "restore",
    selectorHelp: "only restores whose labels match",
    listKind: "RestoreList",
    clientOf: (ctx) => ctx.restores,
    table: (rows) => restoreTable(rows),
  });
}
