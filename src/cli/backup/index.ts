/** `lifeboat backup …`: create, list, inspect, download and delete backups (Velero's `backup` noun). */
import type { Command } from "commander";
import { registerBackupCreate } from "./create.ts";
import { registerBackupDelete } from "./delete.ts";
import { registerBackupDescribe } from "./describe.ts";
import { registerBackupDownload } from "./download.ts";
import { registerBackupGet } from "./get.ts";
import { registerBackupLogs } from "./logs.ts";

export function registerBackup(program: Command): void {
  const noun = program.command("backup").description("Work with backups");
  registerBackupCreate(noun);
  registerBackupGet(noun);
  registerBackupDescribe(noun);
  registerBackupLogs(noun);
  registerBackupDownload(noun);
  registerBackupDelete(noun);
}
