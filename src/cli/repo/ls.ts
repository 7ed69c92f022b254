/** `lifeboat repo ls <snapshot> [path]`: list the files of a snapshot (or below a path). */
import type { Command } from "commander";
import { formatGoTime } from "../../repo/format/time.ts";
import { findSnapshot } from "../../repo/snapshots.ts";
import { walkTree } from "../../repo/tree-walk.ts";
import { openRepo, repoGlobals } from "./context.ts";

export function registerLs(repo: Command): void {
  repo
    .command("ls")
    .description("List files in a snapshot")
    .argument("<snapshot>", "snapshot id, id prefix, or latest")
    .argument("[path]", "only entries at or below this path")
    .action(async (id: string, below: string | undefined, _opts: unknown, command: Command) => {
      const globals = repoGlobals(command);
      const repository = await openRepo(globals);
      await repository.loadIndex();
      const { id: fullId, snapshot } = await findSnapshot(repository, id);
      const base = below ? below.replace(/\/+$/, "") : "";
      if (globals.json) {
        process.stdout.write(
          JSON.stringify({
            message_type: "snapshot",
            id: fullId,
            tree: snapshot.tree,
            paths: snapshot.paths,
            struct_type: "snapshot",
          }) + "\n",
        );
      }
      for await (const { path, node } of walkTree(repository, snapshot.tree)) {
        if (base && path !== base && !path.startsWith(`${base}/`)) continue;
        if (globals.json) {
          process.stdout.write(
            JSON.stringify({
              name: node.name.toString("utf8"),
              type: node.type,
              path,
              uid: node.uid,
              gid: node.gid,
              size: node.size === undefined ? undefined : Number(node.size),
              mode: node.mode,
              mtime: formatGoTime(node.mtime.epochNs, node.mtime.offsetMinutes),
              message_type: "node",
              struct_type: "node",
            }) + "\n",
          );
        } else process.stdout.write(`${path}\n`);
      }
    });
}
