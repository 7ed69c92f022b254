/**
 * Restores one volume snapshot into a volume folder: the snapshot's single backed-up path (the
 * folder it was taken of, wherever that was) becomes the target folder itself, contents and
 * metadata, under a shared repository lock (none on a read-only location, where nothing may be
 * written). Progress `{totalBytes, bytesDone}`; an aborted signal stops the restorer with
 * PodVolumeError "Canceled".
 */
import { Locker, type HeldLock } from "../repo/lock.ts";
import type { Repository } from "../repo/repository.ts";
import { restore } from "../repo/restorer/restorer.ts";
import { findSnapshot } from "../repo/snapshots.ts";
import { canceled, type VolumeProgress } from "./backup-volume.ts";
import { PodVolumeError } from "./errors.ts";

export interface RestoreVolumeRequest {
  repository: Repository;
  snapshotId: string;
  target: string;
  /** Take no lock (the location is read-only). */
  readOnly?: boolean;
  onProgress?: (progress: VolumeProgress) => void;
  signal?: AbortSignal;
}

export interface RestoreVolumeResult {
  snapshotId: string;
  files: number;
  bytes: number;
  warnings: string[];
}

export async function restoreVolume(request: RestoreVolumeRequest): Promise<RestoreVolumeResult> {
  const { repository, signal } = request;
  if (signal?.aborted) throw canceled("the restore");
  const lock: HeldLock | undefined = request.readOnly ? undefined : await new Locker(repository).lock(false);
  try {
    const { id, snapshot } = await findSnapshot(repository, request.snapshotId);
    if (snapshot.paths.length !== 1 || !snapshot.paths[0]) {
      throw new PodVolumeError(
        "InvalidArgument",
        `snapshot ${id.slice(0, 8)} holds ${snapshot.paths.length} paths; a volume snapshot holds exactly one`,
      );
    }
    const result = await restore(repository, snapshot.tree, {
      target: request.target,
      include: snapshot.paths[0],
      onProgress: (p) => {
        if (signal?.aborted) throw canceled("the restore");
        request.onProgress?.(p);
      },
    });
    return { snapshotId: id, files: result.files, bytes: result.bytes, warnings: result.warnings };
  } finally {
    await lock?.release();
  }
}
