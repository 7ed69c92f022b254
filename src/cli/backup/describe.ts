/**
 * `lifeboat backup describe NAME… [--details]`: the backup in words and numbers; with --details
 * also the resource list and the errors/warnings, fetched through DownloadRequests (a detail
 * that cannot be fetched is named in the output, the rest is still shown).
 */
import type { Command } from "commander";
import type { Backup } from "../../api/backup.ts";
import type { DownloadRequest } from "../../api/download-request.ts";
import type { PodVolumeBackup } from "../../api/pod-volume-backup.ts";
import type { ResourceClient } from "../../kube/resource-client.ts";
import { downloadPayload } from "../download.ts";
import { addKubeOptions, kubeGlobals, withKube } from "../kube-context.ts";
import { getNamedOrAll, printDescribedObjects } from "../print-objects.ts";
import { parseResults } from "../results-text.ts";
import { isFinished } from "../run-wait.ts";
import { describeBackup, type BackupDetails, type ResourceList } from "./describe-text.ts";

export async function fetchBackupDetails(
  client: ResourceClient<DownloadRequest>,
  backup: Backup,
): Promise<BackupDetails> {
  const name = backup.metadata.name ?? "";
  if (!isFinished(backup.status?.phase))
    return { problems: [`Details:  available once the backup has finished (phase ${backup.status?.phase || "New"})`] };
  const details: BackupDetails = { problems: [] };
  try {
    details.resourceList = JSON.parse(
      (await downloadPayload(client, { kind: "BackupResourceList", name })).toString("utf8"),
    ) as ResourceList;
  } catch (err) {
    details.problems?.push(`Resource List:  <could not fetch: ${(err as Error).message}>`);
  }
  try {
    details.podVolumeBackups = JSON.parse(
      (await downloadPayload(client, { kind: "BackupPodVolumeBackups", name })).toString("utf8"),
    ) as PodVolumeBackup[];
  } catch (err) {
    details.problems?.push(`Pod Volume Backups:  <could not fetch: ${(err as Error).message}>`);
  }
  try {
    details.results = parseResults((await downloadPayload(client, { kind: "BackupResults", name })).toString("utf8"));
  } catch (err) {
    details.problems?.push(`Errors and warnings:  <could not fetch: ${(err as Error).message}>`);
  }
  return details;
}

export function registerBackupDescribe(parent: Command): void {
  const command = parent
    .command("describe")
    .description("Describe backups")
    .argument("[names...]", "backups to describe (default: all)")
    .option("--details", "also show the resource list and the errors and warnings");
  addKubeOptions(command).action(async (names: string[], flags: { details?: boolean }, cmd: Command) => {
    const globals = kubeGlobals(cmd);
    await withKube(globals, async (ctx) => {
      const backups = await getNamedOrAll(ctx.backups, names, "backup");
      if (globals.output !== "table") {
        printDescribedObjects(globals.output, backups, names.length === 1);
        return;
      }
      const texts: string[] = [];
      for (const backup of backups) {
        const details = flags.details ? await fetchBackupDetails(ctx.downloadRequests, backup) : undefined;
        texts.push(describeBackup(backup, { details }));
      }
      process.stdout.write(texts.join("\n\n"));
    });
  });
}
