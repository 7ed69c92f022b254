/** `lifeboat repo dump <snapshot> <file>`: write one file's content to stdout. */
import type { Command } from "commander";
import { RepoError } from "../../repo/errors.ts";
import { findSnapshot } from "../../repo/snapshots.ts";
import { openRepo, repoGlobals } from "./context.ts";
import { walkTree } from "../../repo/tree-walk.ts";

export function registerDump(repo: Command): void {
  repo
    .command("dump")
    .description("Print a file of a snapshot to stdout")
    .argument("<snapshot>", "snapshot id, id prefix, or latest")
    .argument("<file>", "path of the file in the snapshot")
    .action(async (id: string, file: string, _opts: unknown, command: Command) => {
      const repository = await openRepo(repoGlobals(command));
      await repository.loadIndex();
      const { snapshot } = await findSnapshot(repository, id);
      for await (const { path, node } of walkTree(repository, snapshot.tree)) {
        if (path !== file) continue;
        if (node.type !== "file") throw new RepoError("InvalidArgument", `"${file}" is a ${node.type}, not a file`);
        for (const blob of node.content ?? []) {
          const data = await repository.loadBlob("data", blob);
          if (!process.stdout.write(data)) await new Promise((r) => process.stdout.once("drain", r));
        }
        return;
      }
      throw new RepoError("InvalidArgument", `"${file}" is not in snapshot ${id}`);
    });
}
