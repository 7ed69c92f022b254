import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { csiMountDir, emptyDirPath } from "../../test/cluster/fake-kubelet/pod-volumes.ts";
import { PodVolumeError } from "./errors.ts";
import { findVolumeFolder, volumeDirName } from "./volume-path.ts";

// laid out as the fake kubelet does (test/cluster/fake-kubelet/pod-volumes.ts), which is the
// layout of a real kubelet with `mount` a symlink instead of a bind mount
let root: string;
let kubeletRoot: string;
let hostPods: string;
let pvData: string;

before(async () => {
  root = await realpath(await mkdtemp(path.join(tmpdir(), "lifeboat-volume-path-")));
  kubeletRoot = path.join(root, "kubelet");
  hostPods = path.join(kubeletRoot, "pods");
  pvData = path.join(root, "volumes", "pvc-1234");
  await mkdir(pvData, { recursive: true });
  await writeFile(path.join(pvData, "db.dat"), "data");
  const mount = csiMountDir(kubeletRoot, "uid-a", "pvc-1234");
  await mkdir(path.dirname(mount), { recursive: true });
  await symlink(pvData, mount);
  await writeFile(path.join(path.dirname(mount), "vol_data.json"), "{}");
  await mkdir(emptyDirPath(kubeletRoot, "uid-a", "cache"), { recursive: true });
  await mkdir(path.join(hostPods, "uid-a", "volumes", "kubernetes.io~configmap", "conf"), { recursive: true });
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

const code = (c: string) => (err: unknown) => PodVolumeError.is(err) && err.code === c;

test("a claim's folder is its PV's, under the CSI plugin at mount, symlink resolved", async () => {
  const found = await findVolumeFolder(hostPods, { podUid: "uid-a", volumeName: "data", pvName: "pvc-1234" });
  assert.equal(found.plugin, "kubernetes.io~csi");
  assert.equal(found.kubeletPath, path.join(hostPods, "uid-a", "volumes", "kubernetes.io~csi", "pvc-1234"));
  assert.equal(found.folder, pvData);
});

test("an emptyDir's folder is named after the volume", async () => {
  const found = await findVolumeFolder(hostPods, { podUid: "uid-a", volumeName: "cache" });
  assert.equal(found.plugin, "kubernetes.io~empty-dir");
  assert.equal(found.folder, emptyDirPath(kubeletRoot, "uid-a", "cache"));
});

test("volumeDirName: the PV for claims, the volume otherwise", () => {
  assert.equal(volumeDirName({ podUid: "u", volumeName: "data", pvName: "pv-1" }), "pv-1");
  assert.equal(volumeDirName({ podUid: "u", volumeName: "cache" }), "cache");
});

test("no match: the error names the pattern searched and the plugin folders seen", async () => {
  await assert.rejects(
    findVolumeFolder(hostPods, { podUid: "uid-a", volumeName: "data", pvName: "pvc-missing" }),
    (err: unknown) =>
      code("VolumeFolderNotFound")(err) &&
      (err as Error).message.includes(path.join(hostPods, "uid-a", "volumes", "*", "pvc-missing")) &&
      (err as Error).message.includes("kubernetes.io~empty-dir"),
  );
});

test("an unknown pod: the error says the pod folder is missing", async () => {
  await assert.rejects(
    findVolumeFolder(hostPods, { podUid: "uid-nope", volumeName: "cache" }),
    (err: unknown) =>
      code("VolumeFolderNotFound")(err) && /pod folder .*uid-nope does not exist/.test((err as Error).message),
  );
});

test("two plugin folders holding the name: ambiguous, both named", async () => {
  await mkdir(path.join(hostPods, "uid-b", "volumes", "kubernetes.io~empty-dir", "twice"), { recursive: true });
  await mkdir(path.join(hostPods, "uid-b", "volumes", "kubernetes.io~nfs", "twice"), { recursive: true });
  await assert.rejects(
    findVolumeFolder(hostPods, { podUid: "uid-b", volumeName: "twice" }),
    (err: unknown) => code("VolumeFolderAmbiguous")(err) && /empty-dir, kubernetes.io~nfs/.test((err as Error).message),
  );
});

test("a CSI volume whose mount is missing (not mounted) is an error", async () => {
  await mkdir(path.join(hostPods, "uid-c", "volumes", "kubernetes.io~csi", "pvc-unmounted"), { recursive: true });
  await assert.rejects(
    findVolumeFolder(hostPods, { podUid: "uid-c", volumeName: "data", pvName: "pvc-unmounted" }),
    (err: unknown) => code("VolumeFolderNotFound")(err) && /is the volume mounted/.test((err as Error).message),
  );
});

test("a block-mode volume is refused with a reason", async () => {
  await mkdir(path.join(hostPods, "uid-d", "volumeDevices", "kubernetes.io~csi", "pvc-block"), { recursive: true });
  await assert.rejects(
    findVolumeFolder(hostPods, { podUid: "uid-d", volumeName: "raw", pvName: "pvc-block" }),
    (err: unknown) => code("VolumeFolderNotFound")(err) && /block-mode/.test((err as Error).message),
  );
});

test("names that would leave the pod folder are refused", async () => {
  await assert.rejects(findVolumeFolder(hostPods, { podUid: "../x", volumeName: "a" }), code("InvalidArgument"));
  await assert.rejects(findVolumeFolder(hostPods, { podUid: "uid-a", volumeName: ".." }), code("InvalidArgument"));
});
