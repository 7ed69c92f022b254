/** Builds the `lifeboat` command tree; each noun/verb registers itself from its own file. */
import { Command } from "commander";
import { registerRepo } from "./repo/index.ts";
import { registerVersion } from "./version.ts";

export function buildProgram(): Command {
  const program = new Command("lifeboat")
    .description("Back up and restore Kubernetes applications and their volume data")
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerVersion(program);
  registerRepo(program);
  return program;
}
