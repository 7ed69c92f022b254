/**
 * What one backup or restore run works with: its own scratch folder under the server's work
 * root, the ResultsCollector of its warnings and errors, the RunLog written into that folder
 * (`backup.log` / `restore.log`, echoed to the server's log) and the writer that coalesces its
 * progress into status patches. The controller uploads the log and removes the folder when done.
 */
import { mkdtemp } from "node:fs/promises";
import path from "node:path";
import { ResultsCollector } from "../util/results.ts";
import { RunLog } from "../util/run-log.ts";
import type { ControllerContext } from "./context.ts";
import { CoalescingWriter } from "./status-writer.ts";

export interface RunWorkspace<P> {
  workDir: string;
  results: ResultsCollector;
  runLog: RunLog;
  progress: CoalescingWriter<P>;
}

export async function openRunWorkspace<P>(
  ctx: ControllerContext,
  run: { kind: "backup" | "restore"; name: string },
  writeProgress: (progress: P) => Promise<unknown>,
): Promise<RunWorkspace<P>> {
  const workDir = await mkdtemp(path.join(ctx.workRoot, `${run.kind}-${run.name}-`));
  const results = new ResultsCollector();
  const runLog = new RunLog({ file: path.join(workDir, `${run.kind}.log`), results, echo: ctx.log });
  return { workDir, results, runLog, progress: new CoalescingWriter<P>(writeProgress, ctx.log) };
}
