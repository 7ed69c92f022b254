/** `lifeboat repo init`: create a restic-format repository (version 2 unless --repository-version 1). */
import type { Command } from "commander";
import { initRepository } from "../../repo/repository.ts";
import { UsageError } from "../output.ts";
import { openStore, password, repoGlobals } from "./context.ts";

export function registerInit(repo: Command): void {
  repo
    .command("init")
    .description("Create a new repository")
    .option("--repository-version <n>", "repository format version: 1 or 2", "2")
    .action(async (opts: { repositoryVersion: string }, command: Command) => {
      const globals = repoGlobals(command);
      if (opts.repositoryVersion !== "1" && opts.repositoryVersion !== "2") {
        throw new UsageError(`--repository-version: "${opts.repositoryVersion}" is not 1 or 2`);
      }
      const store = openStore(globals, { create: true });
      const repository = await initRepository(store, await password(globals, { confirm: true }), {
        version: opts.repositoryVersion === "1" ? 1 : 2,
      });
      if (globals.json) {
        process.stdout.write(
          JSON.stringify({ message_type: "initialized", id: repository.config.id, repository: store.description }) +
            "\n",
        );
      } else {
        process.stdout.write(
          `created restic repository ${repository.config.id.slice(0, 10)} at ${store.description}\n`,
        );
        process.stderr.write(
          "Please note that knowledge of your password is required to access the repository. Losing your password means that your data is irrecoverably lost.\n",
        );
      }
    });
}
