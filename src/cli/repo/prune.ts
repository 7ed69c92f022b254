/**
 * `lifeboat repo prune [--max-unused 5%] [--max-repack-size SIZE] [--dry-run]`: remove data no
 * snapshot uses. The option parsing and the report are shared with `forget --prune`.
 */
import type { Command } from "commander";
import { prune, type MaxUnused, type PruneOptions, type PruneResult } from "../../repo/prune.ts";
import { UsageError } from "../output.ts";
import { openRepo, repoGlobals } from "./context.ts";
import { bytes } from "./format.ts";

export interface PruneFlags {
  maxUnused: string;
  maxRepackSize?: string;
  dryRun?: boolean;
}

const units: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** A byte count with restic's optional binary suffixes: 200, 10k, 5M, 1G, 2T. */
export function parseSize(flag: string, value: string): number {
  const match = /^(\d+)([kmgt]?)$/i.exec(value.trim());
  const unit = units[(match?.[2] ?? "").toLowerCase()];
  if (!match || unit === undefined)
    throw new UsageError(`${flag}: "${value}" is not a size; use bytes with an optional k, M, G or T suffix`);
  return Number(match[1]) * unit;
}

export function parseMaxUnused(value: string): MaxUnused {
  const text = value.trim();
  if (text === "unlimited") return { kind: "unlimited" };
  if (text.endsWith("%")) {
    const percent = Number(text.slice(0, -1));
    if (text.length === 1 || !Number.isFinite(percent) || percent < 0 || percent >= 100)
      throw new UsageError(`--max-unused: "${value}" is not a percentage from 0% to below 100%`);
    return { kind: "percent", percent };
  }
  return { kind: "bytes", bytes: parseSize("--max-unused", text) };
}

export function addPruneOptions(command: Command): Command {
  return command
    .option(
      "--max-unused <limit>",
      "unused data to tolerate after pruning: a percentage of the used data, a size (k/M/G/T), or unlimited",
      "5%",
    )
    .option("--max-repack-size <size>", "repack at most this much data (k/M/G/T)");
}

export function pruneOptionsFrom(flags: PruneFlags, onProgress?: (message: string) => void): PruneOptions {
  return {
    maxUnused: parseMaxUnused(flags.maxUnused),
    ...(flags.maxRepackSize ? { maxRepackBytes: parseSize("--max-repack-size", flags.maxRepackSize) } : {}),
    dryRun: flags.dryRun ?? false,
    ...(onProgress ? { onProgress } : {}),
  };
}

export function printPruneResult(result: PruneResult, json: boolean): void {
  for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
  const { stats, done } = result;
  if (json) {
    process.stdout.write(JSON.stringify({ message_type: "summary", dry_run: result.dryRun, ...stats, ...done }) + "\n");
    return;
  }
  const { blobs, bytes: size, packs } = stats;
  const pruned = size.remove + size.repackRemoved + size.unreferenced;
  const lines = [
    result.dryRun ? "would make these changes:" : "",
    `used:         ${blobs.used} blobs / ${bytes(size.used)}`,
    ...(blobs.duplicate ? [`duplicates:   ${blobs.duplicate} blobs / ${bytes(size.duplicate)}`] : []),
    `unused:       ${blobs.unused} blobs / ${bytes(size.unused)}`,
    ...(size.unreferenced ? [`unreferenced: ${packs.unreferenced} packs / ${bytes(size.unreferenced)}`] : []),
    `to repack:    ${blobs.repack} blobs / ${bytes(size.repack)} (${packs.repack} packs)`,
    `this removes: ${blobs.repackRemoved} blobs / ${bytes(size.repackRemoved)}`,
    `to delete:    ${blobs.remove} blobs / ${bytes(size.remove + size.unreferenced)} (${packs.remove + packs.unreferenced} packs)`,
    `total prune:  ${blobs.remove + blobs.repackRemoved} blobs / ${bytes(pruned)}`,
    `packs:        ${packs.used} fully used, ${packs.partlyUsed} partly used, ${packs.unused} unused; keeping ${packs.keep}`,
  ];
  if (!result.dryRun) {
    lines.push(
      `done: ${done.packsDeleted} packs deleted, ${done.packsRepacked} repacked into ${done.packsWritten}, ` +
        `${done.unreferencedPacksDeleted} unreferenced deleted, ${done.indexFilesWritten} index files written, ` +
        `${done.indexFilesDeleted} removed; ${bytes(Math.max(0, done.bytesFreed))} freed`,
    );
  }
  process.stdout.write(lines.filter(Boolean).join("\n") + "\n");
}

export function registerPrune(repo: Command): void {
  addPruneOptions(
    repo
      .command("prune")
      .description("Remove data that no snapshot uses any more (takes an exclusive lock)")
      .option("-n, --dry-run", "only show what would be done"),
  ).action(async (flags: PruneFlags, command: Command) => {
    const globals = repoGlobals(command);
    const options = pruneOptionsFrom(flags, (m) => !globals.json && process.stderr.write(`${m}\n`));
    const repository = await openRepo(globals);
    printPruneResult(await prune(repository, options), globals.json ?? false);
  });
}
