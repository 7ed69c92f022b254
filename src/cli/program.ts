/** Builds the `lifeboat` command tree; each noun/verb registers itself from its own file. */
import { Command } from "commander";
import { registerBackupLocation } from "./backup-location/index.ts";
import { registerBackup } from "./backup/index.ts";
import { registerInstall } from "./install.ts";
import { addKubeOptions } from "./kube-context.ts";
import { registerRepo } from "./repo/index.ts";
import { registerRestore } from "./restore/index.ts";
import { registerNodeAgent } from "./node-agent.ts";
import { registerRestoreHelper } from "./restore-helper.ts";
import { registerServer } from "./server.ts";
import { registerVersion } from "./version.ts";

export function buildProgram(): Command {
  const program = new Command("lifeboat")
    .description("Back up and restore Kubernetes applications and their volume data")
    // Root options only before the noun (`lifeboat -n x backup get`); each verb declares them
    // again for kubectl's order (`lifeboat backup get -n x`). See kube-context.ts.
    .enablePositionalOptions()
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  addKubeOptions(program);
  registerVersion(program);
  registerInstall(program);
  registerBackupLocation(program);
  registerBackup(program);
  registerRestore(program);
  registerRepo(program);
  registerServer(program);
  registerNodeAgent(program);
  registerRestoreHelper(program);
  return program;
}
