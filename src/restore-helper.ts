/**
 * The restore helper: the logic of the `restore-wait` init container that file-system restore
 * puts first in every restored pod with volume data. The container mounts each restored volume
 * at `/restores/<volume>`; the node agent restores the data into the volume and then writes the
 * done-marker `<volume>/.lifeboat/<restore uid>`. The helper waits until every mounted volume
 * has its marker, removes the markers, and exits, so the application starts on complete data.
 *
 * Two of Velero's known hangs are closed here: a restore that fails leaves a failure marker
 * (`<restore uid>.failed`, holding the reason) instead of nothing, so the helper stops waiting
 * and says why; and markers are removed one by one (the `.lifeboat` folder only once empty), so
 * the cleanup of one restore never takes away the markers of another.
 *
 * The node agent (markers' writer), `lifeboat restore-helper` and the fake kubelet of the test
 * cluster all use these functions.
 */
import { chmod, mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { PodVolumeError } from "./podvolume/errors.ts";

/** The folder inside each volume that holds markers. */
export const markerFolder = ".lifeboat";
const failedSuffix = ".failed";

export interface FailedVolume {
  volume: string;
  message: string;
}

export interface MarkerState {
  /** Every volume has its done-marker. */
  done: boolean;
  /** Volumes (folder names under the restores folder) without a marker yet. */
  waitingFor: string[];
  /** Volumes whose restore failed, with the node agent's reason. */
  failed: FailedVolume[];
}

function checkUid(restoreUid: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(restoreUid)) {
    throw new PodVolumeError(
      "InvalidArgument",
      `restore uid "${restoreUid}" is not a uid; pass the Restore's metadata.uid, e.g. 3f0c7a9e-6b1d-4d43-9a51-0f4a1c2b7e11`,
    );
  }
}

export function markerPath(volumeFolder: string, restoreUid: string): string {
  checkUid(restoreUid);
  return path.join(volumeFolder, markerFolder, restoreUid);
}

export function failureMarkerPath(volumeFolder: string, restoreUid: string): string {
  return markerPath(volumeFolder, restoreUid) + failedSuffix;
}

async function writeAtomically(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // the node agent runs as root, the helper as whatever user the pod runs as: let it remove markers
  await chmod(path.dirname(file), 0o777);
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, content);
  await rename(tmp, file);
}

/** Written by the node agent once the volume's data is completely in place. */
export async function writeDoneMarker(volumeFolder: string, restoreUid: string): Promise<void> {
  await writeAtomically(markerPath(volumeFolder, restoreUid), "");
}

/** Written by the node agent when the volume's restore failed: the helper reports `message`. */
export async function writeFailureMarker(volumeFolder: string, restoreUid: string, message: string): Promise<void> {
  await writeAtomically(failureMarkerPath(volumeFolder, restoreUid), message);
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/** The volume folders under `restoresDir` (its sub-folders, symlinks to folders included). */
export async function restoredVolumes(restoresDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(restoresDir);
  } catch (err) {
    throw new PodVolumeError(
      "InvalidArgument",
      `cannot read the restores folder ${restoresDir} (${(err as Error).message}); mount each restored volume at ${restoresDir}/<volume>`,
    );
  }
  const volumes: string[] = [];
  for (const name of names.sort()) if (await isDir(path.join(restoresDir, name))) volumes.push(name);
  return volumes;
}

export async function markersDone(restoresDir: string, restoreUid: string): Promise<MarkerState> {
  checkUid(restoreUid);
  const waitingFor: string[] = [];
  const failed: FailedVolume[] = [];
  for (const volume of await restoredVolumes(restoresDir)) {
    const folder = path.join(restoresDir, volume);
    if ((await readIfExists(markerPath(folder, restoreUid))) !== undefined) continue;
    const failure = await readIfExists(failureMarkerPath(folder, restoreUid));
    if (failure !== undefined) failed.push({ volume, message: failure || "the restore failed" });
    else waitingFor.push(volume);
  }
  return { done: waitingFor.length === 0 && failed.length === 0, waitingFor, failed };
}

const leaveAlone = new Set(["ENOENT", "ENOTEMPTY", "EEXIST"]);

/**
 * Removes this restore's markers from every volume, and each `.lifeboat` folder left empty.
 * Never fails the pod's start: what cannot be removed (a volume root the pod's user may not
 * write) is returned as warnings.
 */
export async function removeMarkers(restoresDir: string, restoreUid: string): Promise<string[]> {
  checkUid(restoreUid);
  const warnings: string[] = [];
  for (const volume of await restoredVolumes(restoresDir)) {
    const folder = path.join(restoresDir, volume);
    const marker = markerPath(folder, restoreUid);
    try {
      await rm(marker, { force: true });
      // a failure an earlier attempt left is void once the volume is restored
      await rm(failureMarkerPath(folder, restoreUid), { force: true });
      await rmdir(path.join(folder, markerFolder));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "";
      if (!leaveAlone.has(code)) warnings.push(`volume ${volume}: cannot remove ${marker}: ${(err as Error).message}`);
    }
  }
  return warnings;
}

export interface WaitResult extends MarkerState {
  /** Markers that could not be removed. */
  warnings: string[];
}

export interface WaitOptions {
  restoresDir: string;
  restoreUid: string;
  pollMs: number;
  /** How often `report` is called while waiting. */
  reportEveryMs: number;
  report: (state: MarkerState) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Polls until every volume has its marker (then removes the markers) or one has failed (markers
 * are left for a person to see). Resolves with the final state.
 */
export async function waitForMarkers(options: WaitOptions): Promise<WaitResult> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  let lastReport = -Infinity;
  for (;;) {
    const state = await markersDone(options.restoresDir, options.restoreUid);
    if (state.done) return { ...state, warnings: await removeMarkers(options.restoresDir, options.restoreUid) };
    if (state.failed.length > 0) return { ...state, warnings: [] };
    if (now() - lastReport >= options.reportEveryMs) {
      lastReport = now();
      options.report(state);
    }
    await sleep(options.pollMs);
  }
}
