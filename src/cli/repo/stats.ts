/** `lifeboat repo stats [snapshot…] [--mode restore-size|raw-data]`: sizes and counts, as restic's stats. */
import type { Command } from "commander";
import { Locker } from "../../repo/lock.ts";
import { repoStats, statsModes, type StatsMode } from "../../repo/stats.ts";
import { UsageError } from "../output.ts";
import { openRepo, repoGlobals } from "./context.ts";
import { bytes } from "./format.ts";

export function parseStatsMode(value: string): StatsMode {
  if ((statsModes as readonly string[]).includes(value)) return value as StatsMode;
  throw new UsageError(`--mode: "${value}" is not a mode; use one of ${statsModes.join(", ")}`);
}

export function registerStats(repo: Command): void {
  repo
    .command("stats")
    .description("Show the size of snapshots (restore-size) or of the data they use (raw-data)")
    .argument("[snapshot...]", "snapshots to count (id, id prefix, or latest; default: all)")
    .option("--mode <mode>", `counting mode: ${statsModes.join(" or ")}`, "restore-size")
    .action(async (ids: string[], flags: { mode: string }, command: Command) => {
      const globals = repoGlobals(command);
      const mode = parseStatsMode(flags.mode);
      const repository = await openRepo(globals);
      const lock = await new Locker(repository).lock(false);
      try {
        const s = await repoStats(repository, { mode, snapshots: ids });
        if (globals.json) {
          process.stdout.write(
            JSON.stringify({
              total_size: s.totalSize,
              ...(s.totalUncompressedSize ? { total_uncompressed_size: s.totalUncompressedSize } : {}),
              ...(s.compressionRatio ? { compression_ratio: s.compressionRatio } : {}),
              ...(s.compressionProgress ? { compression_progress: s.compressionProgress } : {}),
              ...(s.compressionSpaceSaving ? { compression_space_saving: s.compressionSpaceSaving } : {}),
              ...(s.totalFileCount ? { total_file_count: s.totalFileCount } : {}),
              ...(s.totalBlobCount ? { total_blob_count: s.totalBlobCount } : {}),
              snapshots_count: s.snapshotsCount,
            }) + "\n",
          );
          return;
        }
        const lines = [
          `Stats in ${s.mode} mode:`,
          `     Snapshots processed:  ${s.snapshotsCount}`,
          ...(s.totalBlobCount ? [`        Total Blob Count:  ${s.totalBlobCount}`] : []),
          ...(s.totalFileCount ? [`        Total File Count:  ${s.totalFileCount}`] : []),
          ...(s.totalUncompressedSize ? [` Total Uncompressed Size:  ${bytes(s.totalUncompressedSize)}`] : []),
          `              Total Size:  ${bytes(s.totalSize)}`,
          ...(s.compressionProgress ? [`    Compression Progress:  ${s.compressionProgress.toFixed(2)}%`] : []),
          ...(s.compressionRatio ? [`       Compression Ratio:  ${s.compressionRatio.toFixed(2)}x`] : []),
          ...(s.compressionSpaceSaving ? [`Compression Space Saving:  ${s.compressionSpaceSaving.toFixed(2)}%`] : []),
        ];
        process.stdout.write(lines.join("\n") + "\n");
      } finally {
        await lock.release();
      }
    });
}
