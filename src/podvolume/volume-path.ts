/**
 * Where a pod's volume is on its node, found the way a kubelet lays it out, so the same code
 * works in production and on the test cluster's fake nodes:
 *
 *   <host pods>/<pod uid>/volumes/<plugin>/<dir>
 *
 * where `<dir>` is the PersistentVolume's name for a claim, and the volume's own name for every
 * other kind (emptyDir, inline CSI, nfs…). Under the CSI plugin (`kubernetes.io~csi`) the data is
 * in `<dir>/mount`. Exactly one plugin folder may hold `<dir>`; none or several is an error that
 * names what was searched and what is there. A block-mode volume (under `volumeDevices/`) is
 * refused: file-system backup needs a file system.
 *
 * The folder is resolved with realpath before use: a real kubelet bind-mounts the volume at
 * `mount`, the fake kubelet makes `mount` a symlink to the volume's directory, and both must be
 * read as the directory itself (the archiver does not follow a symlink at the root).
 */
import { readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { PodVolumeError } from "./errors.ts";

export const csiPlugin = "kubernetes.io~csi";

export interface VolumeRef {
  podUid: string;
  /** The volume's name in the pod spec. */
  volumeName: string;
  /** The bound PersistentVolume, for a claim (persistentVolumeClaim or ephemeral). */
  pvName?: string;
}

export interface VolumeFolder {
  /** The folder the kubelet made for the volume: `<host pods>/<uid>/volumes/<plugin>/<dir>`. */
  kubeletPath: string;
  plugin: string;
  /** The data folder, symlinks resolved: what to back up or restore into. */
  folder: string;
}

/** `<dir>` for a volume: its PV's name for a claim, its own name otherwise. */
export function volumeDirName(ref: VolumeRef): string {
  return ref.pvName ?? ref.volumeName;
}

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

async function entries(dir: string): Promise<string[] | undefined> {
  try {
    return (await readdir(dir)).sort();
  } catch (err) {
    if (errno(err) === "ENOENT" || errno(err) === "ENOTDIR") return undefined;
    throw err;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch (err) {
    if (errno(err) === "ENOENT" || errno(err) === "ENOTDIR") return false;
    throw err;
  }
}

async function matches(base: string, dirName: string): Promise<{ plugins: string[]; found: string[] }> {
  const plugins = (await entries(base)) ?? [];
  const found: string[] = [];
  for (const plugin of plugins) if (await exists(path.join(base, plugin, dirName))) found.push(plugin);
  return { plugins, found };
}

async function notFound(hostPods: string, ref: VolumeRef, plugins: string[]): Promise<PodVolumeError> {
  const podDir = path.join(hostPods, ref.podUid);
  const dirName = volumeDirName(ref);
  const pattern = path.join(podDir, "volumes", "*", dirName);
  if ((await entries(podDir)) === undefined) {
    return new PodVolumeError(
      "VolumeFolderNotFound",
      `volume "${ref.volumeName}": pod folder ${podDir} does not exist (is the pod on this node, and is --host-pods the kubelet's pods folder?)`,
    );
  }
  const devices = await matches(path.join(podDir, "volumeDevices"), dirName);
  if (devices.found.length > 0) {
    return new PodVolumeError(
      "VolumeFolderNotFound",
      `volume "${ref.volumeName}" is a block-mode volume (${path.join(podDir, "volumeDevices", devices.found[0] ?? "", dirName)}); file-system backup needs a volume with a file system`,
    );
  }
  const what = ref.pvName ? `persistent volume "${ref.pvName}"` : `volume "${ref.volumeName}"`;
  const seen = plugins.length > 0 ? `plugin folders there: ${plugins.join(", ")}` : "the pod has no volume folders";
  return new PodVolumeError("VolumeFolderNotFound", `${what}: nothing matches ${pattern} (${seen})`);
}

export async function findVolumeFolder(hostPods: string, ref: VolumeRef): Promise<VolumeFolder> {
  if (!ref.podUid || ref.podUid.includes("/") || ref.podUid.startsWith(".")) {
    throw new PodVolumeError("InvalidArgument", `pod uid "${ref.podUid}" is not a uid`);
  }
  const dirName = volumeDirName(ref);
  if (!dirName || dirName.includes("/") || dirName === "." || dirName === "..") {
    throw new PodVolumeError("InvalidArgument", `volume folder name "${dirName}" is not a single path component`);
  }
  const base = path.join(hostPods, ref.podUid, "volumes");
  const { plugins, found } = await matches(base, dirName);
  if (found.length === 0) throw await notFound(hostPods, ref, plugins);
  if (found.length > 1) {
    throw new PodVolumeError(
      "VolumeFolderAmbiguous",
      `volume "${ref.volumeName}": ${found.length} folders match ${path.join(base, "*", dirName)} (${found.join(", ")}); expected exactly one`,
    );
  }
  const plugin = found[0] ?? "";
  const kubeletPath = path.join(base, plugin, dirName);
  const dataPath = plugin === csiPlugin ? path.join(kubeletPath, "mount") : kubeletPath;
  let folder: string;
  try {
    folder = await realpath(dataPath);
  } catch (err) {
    throw new PodVolumeError(
      "VolumeFolderNotFound",
      `volume "${ref.volumeName}": ${dataPath} cannot be resolved (${(err as Error).message}); is the volume mounted?`,
      { cause: err },
    );
  }
  if (!(await stat(folder)).isDirectory()) {
    throw new PodVolumeError("VolumeFolderNotFound", `volume "${ref.volumeName}": ${dataPath} is not a folder`);
  }
  return { kubeletPath, plugin, folder };
}
