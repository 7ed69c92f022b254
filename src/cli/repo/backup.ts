/** `lifeboat repo backup <path…>`: back up folders and files into a new snapshot. */
import type { Command } from "commander";
import { backup, type BackupResult } from "../../repo/archiver/archiver.ts";
import { parseCompressionMode } from "../../repo/compression.ts";
import { Locker } from "../../repo/lock.ts";
import { openRepo, repoGlobals } from "./context.ts";
import { bytes, progressLine } from "./format.ts";

interface BackupFlags {
  parent?: string;
  tag: string[];
  host?: string;
  ignoreInode?: boolean;
  ignoreCtime?: boolean;
  compression: string;
}

export function registerBackup(repo: Command): void {
  repo
    .command("backup")
    .description("Create a new snapshot of files and folders")
    .argument("<path...>", "files and folders to back up")
    .option("--parent <snapshot>", "compare with this snapshot instead of the latest one with the same host and paths")
    .option("--tag <tag>", "add a tag (repeatable)", (v: string, all: string[]) => [...all, v], [])
    .option("--host <name>", "hostname to record (default: this machine's)")
    .option("--ignore-inode", "a file is unchanged even if its inode (and ctime) changed")
    .option("--ignore-ctime", "a file is unchanged even if its ctime changed")
    .option("--compression <mode>", "off, auto or max", "auto")
    .action(async (paths: string[], flags: BackupFlags, command: Command) => {
      const globals = repoGlobals(command);
      const compression = parseCompressionMode(flags.compression);
      const repository = await openRepo(globals);
      const lock = await new Locker(repository).lock(false);
      try {
        const started = Date.now();
        const progress = progressLine(process.stderr);
        const { id, snapshot, errors } = await backup(repository, {
          paths,
          tags: flags.tag,
          ...(flags.host ? { hostname: flags.host } : {}),
          ...(flags.parent ? { parent: flags.parent } : {}),
          ignoreInode: flags.ignoreInode ?? false,
          ignoreCtime: flags.ignoreCtime ?? false,
          saver: { compression },
          onProgress: (p) => progress.update(`${p.filesDone} files, ${bytes(p.bytesDone)} read`),
        });
        progress.done();
        for (const error of errors) process.stderr.write(`error: cannot read ${error.path}: ${error.message}\n`);
        // restic's convention: 3 = snapshot saved, but some files could not be read
        if (errors.length > 0) process.exitCode = 3;
        printSummary(globals.json ?? false, { id, snapshot, errors }, (Date.now() - started) / 1000);
      } finally {
        await lock.release();
      }
    });
}

function printSummary(json: boolean, { id, snapshot, errors }: BackupResult, seconds: number): void {
  const s = snapshot.summary;
  if (json) {
    const summary = {
      message_type: "summary",
      files_new: s?.filesNew,
      files_changed: s?.filesChanged,
      files_unmodified: s?.filesUnmodified,
      dirs_new: s?.dirsNew,
      dirs_changed: s?.dirsChanged,
      dirs_unmodified: s?.dirsUnmodified,
      data_blobs: s?.dataBlobs,
      tree_blobs: s?.treeBlobs,
      data_added: s?.dataAdded,
      data_added_packed: s?.dataAddedPacked,
      total_files_processed: s?.totalFilesProcessed,
      total_bytes_processed: s?.totalBytesProcessed,
      total_duration: seconds,
      snapshot_id: id,
    };
    process.stdout.write(JSON.stringify(summary) + "\n");
    return;
  }
  if (s) {
    process.stdout.write(
      `Files:       ${s.filesNew} new, ${s.filesChanged} changed, ${s.filesUnmodified} unmodified\n` +
        `Dirs:        ${s.dirsNew} new, ${s.dirsChanged} changed, ${s.dirsUnmodified} unmodified\n` +
        `Added to the repository: ${bytes(s.dataAdded)} (${bytes(s.dataAddedPacked)} stored)\n\n` +
        `processed ${s.totalFilesProcessed} files, ${bytes(s.totalBytesProcessed)} in ${seconds.toFixed(1)} s\n`,
    );
  }
  const unread = errors.length ? ` (${errors.length} entries could not be read)` : "";
  process.stdout.write(`snapshot ${id.slice(0, 8)} saved${unread}\n`);
}
