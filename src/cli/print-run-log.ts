/**
 * Printing the log of a backup or restore (`backup logs`, `restore logs`): the run must exist and
 * have finished — the log is uploaded at the end — then its JSON lines are printed as text lines,
 * or raw with -o json.
 */
import { KubeError } from "../kube/errors.ts";
import type { DownloadTarget } from "./download.ts";
import { formatLog } from "./log-lines.ts";
import { UsageError, type OutputFormat } from "./output.ts";
import { isFinished } from "./run-wait.ts";

/** Checks the run exists and has finished, then prints its log. */
export async function printRunLog(
  phaseOf: () => Promise<string>,
  fetch: () => Promise<Buffer>,
  target: DownloadTarget & { noun: string },
  format: OutputFormat,
): Promise<void> {
  let phase: string;
  try {
    phase = await phaseOf();
  } catch (err) {
    if (KubeError.is(err, "NotFound")) throw new UsageError(`NAME: ${target.noun} "${target.name}" does not exist`);
    throw err;
  }
  if (!isFinished(phase))
    throw new UsageError(
      `NAME: ${target.noun} "${target.name}" is ${phase || "New"}; its log is available once it has finished`,
    );
  const text = (await fetch()).toString("utf8");
  process.stdout.write(format === "json" ? text : formatLog(text));
}
