/** `lifeboat restore …`: create, list, inspect and delete restores (Velero's `restore` noun). */
import type { Command } from "commander";
import { registerRestoreCreate } from "./create.ts";
import { registerRestoreDelete } from "./delete.ts";
import { registerRestoreDescribe } from "./describe.ts";
import { registerRestoreGet } from "./get.ts";
import { registerRestoreLogs } from "./logs.ts";

export function registerRestore(program: Command): void {
  const noun = program.command("restore").description("Work with restores");
  registerRestoreCreate(noun);
  registerRestoreGet(noun);
  registerRestoreDescribe(noun);
  registerRestoreLogs(noun);
  registerRestoreDelete(noun);
}
