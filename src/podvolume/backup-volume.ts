/**
 * Backs up one volume folder into its namespace's repository: a shared repository lock (prune
 * takes an exclusive one), the parent found by tags (snapshot-tags.ts), a scan beside the
 * archiver for the progress total, and the snapshot tagged. Progress is reported as
 * `{totalBytes, bytesDone}`; an aborted signal stops the archiver at its next file with
 * PodVolumeError "Canceled" (the packs it wrote are unreferenced and go at the next prune).
 * `incrementalBytes` is what was actually uploaded (packed and encrypted), so a second backup of
 * an unchanged volume reports about its tree metadata only.
 */
import { backup } from "../repo/archiver/archiver.ts";
import { Locker } from "../repo/lock.ts";
import type { Repository } from "../repo/repository.ts";
import { PodVolumeError } from "./errors.ts";
import { scanFolder } from "./scan.ts";
import { findParentSnapshot } from "./snapshot-tags.ts";

export interface VolumeProgress {
  totalBytes: number;
  bytesDone: number;
}

/** The hostname every volume snapshot records (snapshots are found by tags, not hosts). */
export const snapshotHostname = "lifeboat";

export interface BackupVolumeRequest {
  repository: Repository;
  folder: string;
  tags: string[];
  /** Tags the parent snapshot must carry. */
  parentTags: string[];
  onProgress?: (progress: VolumeProgress) => void;
  signal?: AbortSignal;
}

export interface BackupVolumeResult {
  snapshotId: string;
  parentId?: string;
  totalBytes: number;
  incrementalBytes: number;
  filesNew: number;
  filesChanged: number;
  filesUnmodified: number;
  /** Entries that could not be read and are missing from the snapshot. */
  unreadable: { path: string; message: string }[];
}

export function canceled(what: string): PodVolumeError {
  return new PodVolumeError("Canceled", `${what} was canceled`);
}

export async function backupVolume(request: BackupVolumeRequest): Promise<BackupVolumeResult> {
  const { repository, signal } = request;
  if (signal?.aborted) throw canceled("the backup");
  const lock = await new Locker(repository).lock(false);
  const scanAbort = new AbortController();
  try {
    const parent = await findParentSnapshot(repository, request.parentTags);
    let scanned = 0;
    let done = 0;
    const report = (): void => request.onProgress?.({ totalBytes: Math.max(scanned, done), bytesDone: done });
    const scan = scanFolder(
      request.folder,
      (totals) => {
        scanned = totals.bytes;
        report();
      },
      scanAbort.signal,
    );
    const result = await backup(repository, {
      paths: [request.folder],
      hostname: snapshotHostname,
      tags: request.tags,
      parent: parent ? parent.id : null,
      onProgress: (p) => {
        // throwing here is how the archiver is stopped: it unwinds at the file it is on
        if (signal?.aborted) throw canceled("the backup");
        done = p.bytesDone;
        report();
      },
    });
    scanAbort.abort();
    await scan;
    const summary = result.snapshot.summary;
    return {
      snapshotId: result.id,
      ...(parent ? { parentId: parent.id } : {}),
      totalBytes: summary?.totalBytesProcessed ?? done,
      incrementalBytes: summary?.dataAddedPacked ?? 0,
      filesNew: summary?.filesNew ?? 0,
      filesChanged: summary?.filesChanged ?? 0,
      filesUnmodified: summary?.filesUnmodified ?? 0,
      unreadable: result.errors,
    };
  } finally {
    scanAbort.abort();
    await lock.release();
  }
}
