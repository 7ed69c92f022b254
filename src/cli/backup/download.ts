/**
 * `lifeboat backup download NAME [-o FILE] [--force]`: saves the backup's resource tarball
 * (`<NAME>-data.tar.gz` by default) through a DownloadRequest. An existing file is kept unless
 * --force; the file appears only when complete (temp file + rename).
 */
import type { Command } from "commander";
import { existsSync } from "node:fs";
import path from "node:path";
import { KubeError } from "../../kube/errors.ts";
import { humanBytes } from "../describe-format.ts";
import { fetchToFile, presignedUrl } from "../download.ts";
import { addKubeOptions, kubeGlobals, withKube } from "../kube-context.ts";
import { UsageError } from "../output.ts";

interface DownloadFlags {
  output?: string;
  force?: boolean;
}

export function registerBackupDownload(parent: Command): void {
  const command = parent
    .command("download")
    .description("Download a backup's resources as a tarball")
    .argument("<name>", "the backup")
    .option("-o, --output <file>", "where to save it (default: <NAME>-data.tar.gz)")
    .option("--force", "overwrite the file if it exists");
  addKubeOptions(command, { output: false }).action(async (name: string, flags: DownloadFlags, cmd: Command) => {
    const globals = kubeGlobals(cmd, { readOutput: false });
    const file = path.resolve(flags.output ?? `${name}-data.tar.gz`);
    if (existsSync(file) && !flags.force)
      throw new UsageError(`--output: ${file} already exists; pass --force to overwrite it, or -o another-file.tar.gz`);
    await withKube(globals, async (ctx) => {
      try {
        await ctx.backups.get(name);
      } catch (err) {
        if (KubeError.is(err, "NotFound")) throw new UsageError(`NAME: backup "${name}" does not exist`);
        throw err;
      }
      const target = { kind: "BackupContents" as const, name };
      const bytes = await fetchToFile(await presignedUrl(ctx.downloadRequests, target), target, file);
      process.stderr.write(`Backup "${name}" has been downloaded to ${file} (${humanBytes(bytes)}).\n`);
    });
  });
}
