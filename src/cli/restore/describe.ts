/**
 * `lifeboat restore describe NAME… [--details]`: the restore in words and numbers, with the
 * errors and warnings per namespace from its results (fetched through a DownloadRequest when
 * there are any, or always with --details).
 */
import type { Command } from "commander";
import type { DownloadRequest } from "../../api/download-request.ts";
import type { Restore } from "../../api/restore.ts";
import type { ResourceClient } from "../../kube/resource-client.ts";
import { downloadPayload } from "../download.ts";
import { addKubeOptions, kubeGlobals, withKube } from "../kube-context.ts";
import { getNamedOrAll, printDescribedObjects } from "../print-objects.ts";
import { parseResults } from "../results-text.ts";
import { isFinished } from "../run-wait.ts";
import { labels } from "../../api/group.ts";
import { podVolumeRestoreDefinition } from "../../api/pod-volume-restore.ts";
import { lifeboatClient } from "../../kube/resource-client.ts";
import { describeRestore, type RestoreDetails } from "./describe-text.ts";

export async function fetchRestoreDetails(
  client: ResourceClient<DownloadRequest>,
  restore: Restore,
  always: boolean,
): Promise<RestoreDetails | undefined> {
  const s = restore.status;
  if (!isFinished(s?.phase))
    return always ? { problems: [`Results:  available once the restore has finished`] } : undefined;
  if (!always && (s?.errors ?? 0) + (s?.warnings ?? 0) === 0) return undefined;
  try {
    const text = await downloadPayload(client, { kind: "RestoreResults", name: restore.metadata.name ?? "" });
    return { results: parseResults(text.toString("utf8")) };
  } catch (err) {
    return { problems: [`Errors and warnings:  <could not fetch: ${(err as Error).message}>`] };
  }
}

export function registerRestoreDescribe(parent: Command): void {
  const command = parent
    .command("describe")
    .description("Describe restores")
    .argument("[names...]", "restores to describe (default: all)")
    .option("--details", "always fetch and show the errors and warnings");
  addKubeOptions(command).action(async (names: string[], flags: { details?: boolean }, cmd: Command) => {
    const globals = kubeGlobals(cmd);
    await withKube(globals, async (ctx) => {
      const restores = await getNamedOrAll(ctx.restores, names, "restore");
      if (globals.output !== "table") {
        printDescribedObjects(globals.output, restores, names.length === 1);
        return;
      }
      const texts: string[] = [];
      for (const restore of restores) {
        const details = await fetchRestoreDetails(ctx.downloadRequests, restore, flags.details === true);
        if (details && flags.details) {
          const pvrs = lifeboatClient(ctx.rest, podVolumeRestoreDefinition, globals.namespace);
          details.podVolumeRestores = await pvrs.list({
            labelSelector: `${labels.restoreName}=${restore.metadata.name ?? ""}`,
          });
        }
        texts.push(describeRestore(restore, { details }));
      }
      process.stdout.write(texts.join("\n\n"));
    });
  });
}
