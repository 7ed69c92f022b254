/**
 * `--wait` for a backup or a restore: follows the object until its phase is final, drawing
 * progress on stderr (a live bar on a terminal, a plain line at most every 2 s elsewhere), then
 * prints the outcome — phase, counts, duration, messages — and the describe/logs hints, and sets
 * the exit code: 0 for Completed, 1 for anything else.
 */
import type { KubernetesObject } from "@kubernetes/client-node";
import type { ResourceClient } from "../kube/resource-client.ts";
import { between, goDuration } from "./describe-format.ts";
import { progressPrinter, type ProgressState } from "./progress-bar.ts";
import { waitFor } from "./wait.ts";

export const finalPhases: ReadonlySet<string> = new Set(["Completed", "PartiallyFailed", "Failed", "FailedValidation"]);

/** Whether a run has ended (its log and results are uploaded by then); Deleting comes after the end. */
export function isFinished(phase: string | undefined): boolean {
  return finalPhases.has(phase ?? "") || phase === "Deleting";
}

export interface RunStatus {
  phase?: string;
  errors?: number;
  warnings?: number;
  failureReason?: string;
  validationErrors?: string[];
  startTimestamp?: string;
  completionTimestamp?: string;
}

export interface RunWaitOptions<T extends KubernetesObject & { status?: RunStatus }> {
  /** "backup" or "restore": the noun in messages and hints. */
  noun: "backup" | "restore";
  client: ResourceClient<T>;
  name: string;
  progress: (obj: T) => ProgressState;
  /** The numbers for the summary line, e.g. "1234 items, 12.3 MB". */
  counts: (obj: T) => string;
  out?: NodeJS.WriteStream;
}

/** The outcome lines for a finished run. */
export function summary(noun: string, name: string, status: RunStatus | undefined, counts: string): string {
  const phase = status?.phase ?? "Unknown";
  const took = between(status?.startTimestamp, status?.completionTimestamp);
  const parts = [counts];
  if (status?.errors) parts.push(`${status.errors} errors`);
  if (status?.warnings) parts.push(`${status.warnings} warnings`);
  if (took !== undefined) parts.push(`in ${goDuration(took)}`);
  const title = noun.charAt(0).toUpperCase() + noun.slice(1);
  const lines = [`${title} "${name}" ${phase}: ${parts.filter((p) => p).join(", ")}.`];
  if (status?.failureReason) lines.push(`Failure reason: ${status.failureReason}`);
  for (const problem of status?.validationErrors ?? []) lines.push(`  - ${problem}`);
  lines.push(`Run 'lifeboat ${noun} describe ${name}' or 'lifeboat ${noun} logs ${name}' for more details.`);
  return lines.join("\n") + "\n";
}

export async function waitForRun<T extends KubernetesObject & { status?: RunStatus }>(
  options: RunWaitOptions<T>,
): Promise<T> {
  const out = options.out ?? process.stderr;
  const { noun, name, client } = options;
  out.write(`Waiting for ${noun} "${name}" to finish. Ctrl-C stops waiting; the ${noun} goes on in the background.\n`);
  const printer = progressPrinter({ out });
  let last: ProgressState | undefined;
  const timer = setInterval(() => last && printer.update(last), 1000);
  let result: T;
  try {
    result = await waitFor({
      what: `${noun} "${name}"`,
      get: () => client.get(name),
      watch: client.listWatch({ fieldSelector: `metadata.name=${name}` }),
      until: (obj) => finalPhases.has(obj.status?.phase ?? ""),
      onUpdate: (obj) => {
        last = options.progress(obj);
        printer.update(last);
      },
    });
  } finally {
    clearInterval(timer);
    printer.done();
  }
  out.write(summary(noun, name, result.status, options.counts(result)));
  if (result.status?.phase !== "Completed") process.exitCode = 1;
  return result;
}
