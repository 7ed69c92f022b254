/**
 * `lifeboat repo …`: the repository engine as a command line, usable on any machine without a
 * cluster (disaster recovery), with restic's location forms and environment variables.
 */
import { Command } from "commander";
import { registerBackup } from "./backup.ts";
import { registerCheck } from "./check.ts";
import { registerDump } from "./dump.ts";
import { registerForget } from "./forget.ts";
import { registerInit } from "./init.ts";
import { registerKey } from "./key.ts";
import { registerLs } from "./ls.ts";
import { registerPrune } from "./prune.ts";
import { registerRestore } from "./restore.ts";
import { registerSnapshots } from "./snapshots.ts";
import { registerStats } from "./stats.ts";
import { registerUnlock } from "./unlock.ts";
import { registerRepoCluster } from "../repo-password.ts";

export function registerRepo(program: Command): void {
  const repo = new Command("repo")
    .description("Work with restic-format repositories directly (no cluster needed)")
    .option(
      "-r, --repo <location>",
      "repository: a folder or s3:http(s)://host[:port]/bucket[/prefix] (env RESTIC_REPOSITORY)",
    )
    .option(
      "-p, --password-file <file>",
      "read the password from a file (env RESTIC_PASSWORD_FILE; or RESTIC_PASSWORD)",
    )
    .option("--json", "machine-readable output");
  registerInit(repo);
  registerBackup(repo);
  registerSnapshots(repo);
  registerLs(repo);
  registerRestore(repo);
  registerDump(repo);
  registerCheck(repo);
  registerForget(repo);
  registerPrune(repo);
  registerStats(repo);
  registerKey(repo);
  registerUnlock(repo);
  registerRepoCluster(repo);
  program.addCommand(repo);
}
