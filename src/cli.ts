/** Entry point of the `lifeboat` CLI: wiring only. */
import { buildProgram } from "./cli/program.ts";
import { UsageError } from "./cli/output.ts";

try {
  await buildProgram().parseAsync(process.argv);
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`Error: ${message}\n`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
}
