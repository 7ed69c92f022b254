/**
 * Runs a command line tool (velero, kubectl, the lifeboat CLI) to completion for the benchmark:
 * optional standard input, its output collected, the wall time measured, and a failure that
 * names the command and shows the end of what it printed.
 */
import { spawn } from "node:child_process";

export interface CommandResult {
  stdout: string;
  stderr: string;
  seconds: number;
}

export interface CommandOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
}

export class CommandError extends Error {
  readonly code = "CommandFailed";
  readonly exitCode: number | null;
  readonly output: string;

  constructor(message: string, exitCode: number | null, output: string) {
    super(message);
    this.name = "CommandError";
    this.exitCode = exitCode;
    this.output = output;
  }
}

export function runCommand(command: string, args: string[], options: CommandOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (err) => reject(new CommandError(`could not run ${command}: ${err.message}`, null, "")));
    child.on("close", (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) return resolve({ stdout, stderr, seconds });
      const shown = [command.split("/").pop(), ...args].join(" ").slice(0, 300);
      const output = `${stdout}\n${stderr}`.trim();
      reject(new CommandError(`${shown} failed (exit ${code}):\n${output.slice(-3000)}`, code, output));
    });
    child.stdin.end(options.input ?? "");
  });
}
