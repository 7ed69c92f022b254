/** `lifeboat backup-location …`: where backups are stored (Velero's `backup-location` noun). */
import type { Command } from "commander";
import { registerLocationCreate } from "./create.ts";
import { registerLocationDelete } from "./delete.ts";
import { registerLocationGet } from "./get.ts";
import { registerLocationSet } from "./set.ts";

export function registerBackupLocation(program: Command): void {
  const noun = program.command("backup-location").alias("bsl").description("Work with backup storage locations");
  registerLocationCreate(noun);
  registerLocationGet(noun);
  registerLocationSet(noun);
  registerLocationDelete(noun);
}
