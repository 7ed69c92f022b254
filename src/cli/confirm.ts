/**
 * The yes/no question a destructive command asks (`backup delete`, `restore delete`,
 * `backup-location delete`) unless `--confirm` is given. Off a terminal nobody can answer, so
 * the command refuses with a line that names `--confirm`, rather than guessing.
 */
import { createInterface } from "node:readline/promises";
import { UsageError } from "./output.ts";

export interface ConfirmIo {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

/** True when the user typed y/yes; throws a UsageError when there is no terminal to ask on. */
export async function confirm(
  question: string,
  confirmed: boolean | undefined,
  io: ConfirmIo = { input: process.stdin, output: process.stderr },
): Promise<boolean> {
  if (confirmed) return true;
  if (!io.input.isTTY)
    throw new UsageError(`--confirm: required when stdin is not a terminal (nobody can answer "${question}")`);
  const rl = createInterface({ input: io.input, output: io.output });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^(y|yes)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
