/** Entry point of the `lifeboat` CLI: wiring only. */
import { buildProgram } from "./cli/program.ts";

// `lifeboat repo ls … | head` closes the pipe early: that is not an error
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`Error: ${message}\n`);
  process.exitCode = 1;
  if (process.env["LIFEBOAT_DEBUG"] && err instanceof Error) process.stderr.write(`${err.stack ?? ""}\n`);
}
