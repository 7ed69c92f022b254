/** `lifeboat repo snapshots [--json]`: list the snapshots, oldest first. */
import type { Command } from "commander";
import { formatGoTime } from "../../repo/format/time.ts";
import { listSnapshots } from "../../repo/snapshots.ts";
import { openRepo, repoGlobals } from "./context.ts";
import { bytes, shortTime, table } from "./format.ts";

export function registerSnapshots(repo: Command): void {
  repo
    .command("snapshots")
    .description("List snapshots")
    .action(async (_opts: unknown, command: Command) => {
      const globals = repoGlobals(command);
      const refs = await listSnapshots(await openRepo(globals));
      if (globals.json) {
        const out = refs.map(({ id, snapshot: s }) => ({
          time: formatGoTime(s.time.epochNs, s.time.offsetMinutes),
          ...(s.parent ? { parent: s.parent } : {}),
          tree: s.tree,
          paths: s.paths,
          hostname: s.hostname,
          username: s.username,
          ...(s.tags ? { tags: s.tags } : {}),
          program_version: s.programVersion,
          id,
          short_id: id.slice(0, 8),
        }));
        process.stdout.write(JSON.stringify(out) + "\n");
        return;
      }
      const rows = refs.map(({ id, snapshot: s }) => [
        id.slice(0, 8),
        shortTime(s.time),
        s.hostname ?? "",
        (s.tags ?? []).join(","),
        s.paths.join(" "),
        s.summary ? bytes(s.summary.totalBytesProcessed) : "",
      ]);
      process.stdout.write(table(["ID", "Time", "Host", "Tags", "Paths", "Size"], rows));
      process.stdout.write(`${refs.length} snapshots\n`);
    });
}
