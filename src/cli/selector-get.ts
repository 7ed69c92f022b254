/**
 * The `get [NAME…] [-l SELECTOR]` verb of backups and restores: the named objects, or all that
 * match the label selector, as a table (Velero's columns) or as JSON/YAML.
 */
import type { Command } from "commander";
import { addKubeOptions, kubeGlobals, withKube, type KubeContext } from "./kube-context.ts";
import { getNamedOrAll, printObjects } from "./print-objects.ts";

export interface SelectorGetSpec<T> {
  /** "backup": the verb shows "backups". */
  noun: string;
  /** Help of -l/--selector. */
  selectorHelp: string;
  /** Kind of the list printed as JSON/YAML, e.g. "BackupList". */
  listKind: string;
  clientOf(ctx: KubeContext): {
    get(name: string): Promise<T>;
    list(options: { labelSelector?: string }): Promise<T[]>;
  };
  table(rows: T[]): string;
}

export function registerSelectorGet<T>(parent: Command, spec: SelectorGetSpec<T>): void {
  const plural = `${spec.noun}s`;
  const command = parent
    .command("get")
    .description(`Show ${plural}`)
    .argument("[names...]", `${plural} to show (default: all)`)
    .option("-l, --selector <selector>", spec.selectorHelp);
  addKubeOptions(command).action(async (names: string[], flags: { selector?: string }, cmd: Command) => {
    const globals = kubeGlobals(cmd);
    await withKube(globals, async (ctx) => {
      const objects = spec.clientOf(ctx);
      const client = {
        get: (n: string) => objects.get(n),
        list: () => objects.list(flags.selector ? { labelSelector: flags.selector } : {}),
      };
      printObjects({
        format: globals.output,
        items: await getNamedOrAll(client, names, spec.noun),
        listKind: spec.listKind,
        single: names.length === 1,
        named: names.length > 0,
        table: (rows) => spec.table(rows),
        none: `No ${plural} found.`,
      });
    });
  });
}
