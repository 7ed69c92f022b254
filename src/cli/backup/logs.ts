/**
 * `lifeboat backup logs NAME`: the backup's run log, fetched through a DownloadRequest, as text
 * lines (`time level msg key=value…`), or the raw JSON lines with -o json.
 */
import type { Command } from "commander";
import { downloadPayload } from "../download.ts";
import { addKubeOptions, kubeGlobals, withKube } from "../kube-context.ts";
import { printRunLog } from "../print-run-log.ts";

export function registerBackupLogs(parent: Command): void {
  const command = parent.command("logs").description("Show the log of a backup").argument("<name>", "the backup");
  addKubeOptions(command).action(async (name: string, _flags: unknown, cmd: Command) => {
    const globals = kubeGlobals(cmd);
    await withKube(globals, (ctx) =>
      printRunLog(
        async () => (await ctx.backups.get(name)).status?.phase ?? "",
        () => downloadPayload(ctx.downloadRequests, { kind: "BackupLog", name }),
        { kind: "BackupLog", name, noun: "backup" },
        globals.output,
      ),
    );
  });
}
