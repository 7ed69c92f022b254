/**
 * How much a volume holds: the bytes of its regular files, found by walking it (lstat only, no
 * reads, symlinks not followed; names handled as bytes, so any name counts). It runs beside the
 * backup, as restic's scanner does, so the progress `{totalBytes, bytesDone}` has a total early
 * without delaying the backup.
 */
import type { Dirent } from "node:fs";
import { lstat, readdir } from "node:fs/promises";

export interface ScanTotals {
  files: number;
  bytes: number;
}

const slash = Buffer.from("/");

export async function scanFolder(
  root: string,
  onUpdate: (totals: ScanTotals) => void = () => undefined,
  signal?: AbortSignal,
): Promise<ScanTotals> {
  const totals: ScanTotals = { files: 0, bytes: 0 };
  const pending: Buffer[] = [Buffer.from(root)];
  while (pending.length > 0 && !signal?.aborted) {
    const dir = pending.pop() ?? Buffer.from(root);
    let entries: Dirent<Buffer>[];
    try {
      entries = await readdir(dir, { withFileTypes: true, encoding: "buffer" });
    } catch {
      continue; // unreadable or gone: the backup reports it
    }
    for (const entry of entries) {
      const full = Buffer.concat([dir, slash, entry.name]);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile()) {
        totals.files++;
        totals.bytes += await lstat(full).then(
          (s) => s.size,
          () => 0,
        );
      }
    }
    onUpdate({ ...totals });
  }
  return totals;
}
