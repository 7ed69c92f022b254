/** `lifeboat repo unlock [--remove-all]`: remove stale locks. */
import type { Command } from "commander";
import type { RepoBackend } from "../../repo/backend.ts";
import { Locker } from "../../repo/lock.ts";
import { openRepo, repoGlobals } from "./context.ts";

export function registerUnlock(repo: Command): void {
  repo
    .command("unlock")
    .description("Remove stale locks (all locks with --remove-all)")
    .option("--remove-all", "remove every lock, even live ones")
    .action(async (flags: { removeAll?: boolean }, command: Command) => {
      const repository = await openRepo(repoGlobals(command));
      const removed = await new Locker(repository).unlock(flags.removeAll ?? false);
      process.stdout.write(`removed ${removed} lock(s) from ${repository.backend.description}\n`);
    });
}

export type { RepoBackend };
