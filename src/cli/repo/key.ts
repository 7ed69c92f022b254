/** `lifeboat repo key list|add`: the key files (one per password) of the repository. */
import type { Command } from "commander";
import { createKeyFile, parseKeyFile } from "../../repo/crypto/key-file.ts";
import { currentOwner } from "../../repo/repository.ts";
import { UsageError } from "../output.ts";
import { openRepo, repoGlobals } from "./context.ts";
import { table } from "./format.ts";
import { readFileSync } from "node:fs";

export function registerKey(repo: Command): void {
  const key = repo.command("key").description("Manage the repository's keys (passwords)");
  key
    .command("list")
    .description("List the key files")
    .action(async (_opts: unknown, command: Command) => {
      const globals = repoGlobals(command);
      const repository = await openRepo(globals);
      const rows: { id: string; created: string; username: string; hostname: string }[] = [];
      for (const id of await repository.backend.listIds("key")) {
        const info = parseKeyFile(await repository.backend.load("key", id));
        rows.push({ id, created: info.created, username: info.username, hostname: info.hostname });
      }
      if (globals.json) process.stdout.write(JSON.stringify(rows) + "\n");
      else
        process.stdout.write(
          table(
            ["ID", "User", "Host", "Created"],
            rows.map((r) => [r.id.slice(0, 8), r.username, r.hostname, r.created]),
          ),
        );
    });
  key
    .command("add")
    .description("Add a key file for a new password (from --new-password-file)")
    .option("--new-password-file <file>", "file holding the new password")
    .action(async (flags: { newPasswordFile?: string }, command: Command) => {
      if (!flags.newPasswordFile)
        throw new UsageError("--new-password-file: required; e.g. --new-password-file /run/secrets/new-password");
      const newPassword = readFileSync(flags.newPasswordFile, "utf8").replace(/\r?\n$/, "");
      if (!newPassword) throw new UsageError(`--new-password-file: ${flags.newPasswordFile} is empty`);
      const repository = await openRepo(repoGlobals(command));
      const file = await createKeyFile(repository.key, newPassword, currentOwner());
      await repository.backend.save("key", file.bytes, file.id);
      process.stdout.write(`saved new key as ${file.id.slice(0, 8)}\n`);
    });
}
