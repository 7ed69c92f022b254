/** `lifeboat repo check [--read-data | --read-data-subset N%]`. */
import type { Command } from "commander";
import { checkRepository } from "../../repo/checker.ts";
import { Locker } from "../../repo/lock.ts";
import { UsageError } from "../output.ts";
import { openRepo, repoGlobals } from "./context.ts";

function parseSubset(value: string): number {
  const match = /^(\d+(?:\.\d+)?)%$/.exec(value);
  const percent = match ? Number(match[1]) : NaN;
  if (!(percent > 0 && percent <= 100))
    throw new UsageError(`--read-data-subset: "${value}" is not a percentage like 10%`);
  return percent / 100;
}

export function registerCheck(repo: Command): void {
  repo
    .command("check")
    .description("Check the repository for errors")
    .option("--read-data", "also read and verify every pack")
    .option("--read-data-subset <percent>", "read and verify this share of the packs, e.g. 10%")
    .action(async (flags: { readData?: boolean; readDataSubset?: string }, command: Command) => {
      const globals = repoGlobals(command);
      const repository = await openRepo(globals);
      const lock = await new Locker(repository).lock(false);
      try {
        const result = await checkRepository(repository, {
          readData: flags.readData ?? false,
          ...(flags.readDataSubset ? { readDataSubset: parseSubset(flags.readDataSubset) } : {}),
          onProgress: (m) => !globals.json && process.stderr.write(`${m}\n`),
        });
        if (globals.json) process.stdout.write(JSON.stringify({ message_type: "summary", ...result }) + "\n");
        else {
          for (const warning of result.warnings) process.stdout.write(`warning: ${warning}\n`);
          for (const error of result.errors) process.stdout.write(`error: ${error}\n`);
          process.stdout.write(
            `${result.snapshots} snapshots, ${result.trees} trees${result.packsRead ? `, ${result.packsRead} packs read` : ""}: ` +
              (result.errors.length ? `${result.errors.length} errors\n` : "no errors were found\n"),
          );
        }
        if (result.errors.length) process.exitCode = 1;
      } finally {
        await lock.release();
      }
    });
}
