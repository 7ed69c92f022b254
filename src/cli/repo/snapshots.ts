/** `lifeboat repo snapshots [--json]`: list the snapshots, oldest first. */
import type { Command } from "commander";
import { listSnapshots } from "../../repo/snapshots.ts";
import { openRepo, repoGlobals } from "./context.ts";
import { bytes, shortTime, snapshotJson, table } from "./format.ts";

export function registerSnapshots(repo: Command): void {
  repo
    .command("snapshots")
    .description("List snapshots")
    .action(async (_opts: unknown, command: Command) => {
      const globals = repoGlobals(command);
      const refs = await listSnapshots(await openRepo(globals));
      if (globals.json) {
        const out = refs.map(snapshotJson);
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
