/** `lifeboat repo restore <snapshot> --target <dir> [--include <path>]`. */
import type { Command } from "commander";
import { restore } from "../../repo/restorer/restorer.ts";
import { findSnapshot } from "../../repo/snapshots.ts";
import { UsageError } from "../output.ts";
import { openRepo, repoGlobals } from "./context.ts";
import { bytes } from "./format.ts";

export function registerRestore(repo: Command): void {
  repo
    .command("restore")
    .description("Restore a snapshot (or one path of it) into a folder")
    .argument("<snapshot>", "snapshot id, id prefix, or latest")
    .option("-t, --target <dir>", "folder to restore into")
    .option("-i, --include <path>", "restore only this path of the snapshot")
    .action(async (id: string, flags: { target?: string; include?: string }, command: Command) => {
      if (!flags.target) throw new UsageError("--target: required; e.g. --target /srv/restore");
      const globals = repoGlobals(command);
      const repository = await openRepo(globals);
      const { id: fullId, snapshot } = await findSnapshot(repository, id);
      const started = Date.now();
      const result = await restore(repository, snapshot.tree, {
        target: flags.target,
        ...(flags.include ? { include: flags.include } : {}),
      });
      for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
      const seconds = (Date.now() - started) / 1000;
      if (globals.json) {
        process.stdout.write(
          JSON.stringify({
            message_type: "summary",
            snapshot_id: fullId,
            files_restored: result.files,
            total_bytes: result.bytes,
            seconds_elapsed: seconds,
          }) + "\n",
        );
        return;
      }
      process.stdout.write(
        `restored snapshot ${fullId.slice(0, 8)} to ${flags.target}: ${result.files} files, ${result.dirs} folders, ${bytes(result.bytes)} in ${seconds.toFixed(1)} s\n`,
      );
    });
}
