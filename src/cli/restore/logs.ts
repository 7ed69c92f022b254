/** `lifeboat restore logs NAME`: the restore's run log as text lines, or raw JSON lines with -o json. */
import type { Command } from "commander";
import { downloadPayload } from "../download.ts";
import { addKubeOptions, kubeGlobals, withKube } from "../kube-context.ts";
import { printRunLog } from "../print-run-log.ts";

export function registerRestoreLogs(parent: Command): void {
  const command = parent.command("logs").description("Show the log of a restore").argument("<name>", "the restore");
  addKubeOptions(command).action(async (name: string, _flags: unknown, cmd: Command) => {
    const globals = kubeGlobals(cmd);
    await withKube(globals, (ctx) =>
      printRunLog(
        async () => (await ctx.restores.get(name)).status?.phase ?? "",
        () => downloadPayload(ctx.downloadRequests, { kind: "RestoreLog", name }),
        { kind: "RestoreLog", name, noun: "restore" },
        globals.output,
      ),
    );
  });
}
