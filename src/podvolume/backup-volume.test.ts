import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { assertSameTree, makeSampleTree } from "../../test/support/tree-snapshot.ts";
import { initRepository, type Repository } from "../repo/repository.ts";
import { listSnapshots } from "../repo/snapshots.ts";
import { MemoryStore } from "../storage/memory/memory-store.ts";
import { backupVolume, snapshotHostname, type VolumeProgress } from "./backup-volume.ts";
import { PodVolumeError } from "./errors.ts";
import { restoreVolume } from "./restore-volume.ts";
import { parentTags, parseTags, snapshotTags, type VolumeIdentity } from "./snapshot-tags.ts";

let root: string;
let repo: Repository;

const db0: VolumeIdentity = {
  backup: "nightly-1",
  backupUid: "b-uid-1",
  namespace: "shop",
  pod: "db-0",
  podUid: "pod-uid-1",
  volume: "data",
  pvcUid: "pvc-uid-1",
};

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), "lifeboat-backup-volume-"));
  repo = await initRepository(new MemoryStore(), "pw", { kdf: { N: 1024, r: 8, p: 1 } });
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

test("snapshotTags: key=value strings in a fixed order, extras after, empties dropped", () => {
  assert.deepEqual(snapshotTags(db0, { zone: "a", backup: "ignored" }), [
    "backup=nightly-1",
    "backup-uid=b-uid-1",
    "ns=shop",
    "pod=db-0",
    "pod-uid=pod-uid-1",
    "volume=data",
    "pvc-uid=pvc-uid-1",
    "zone=a",
  ]);
  assert.ok(!snapshotTags({ ...db0, pvcUid: undefined }).some((t) => t.startsWith("pvc-uid")));
  assert.deepEqual(parentTags(db0), ["pvc-uid=pvc-uid-1"]);
  assert.deepEqual(parentTags({ ...db0, pvcUid: undefined }), ["pod-uid=pod-uid-1", "volume=data"]);
  assert.deepEqual(parseTags(["a=b", "c=d=e", "plain"]), { a: "b", c: "d=e" });
});

test("backup then restore gives the same tree; the second backup is incremental by PVC UID", async () => {
  const volume = path.join(root, "pv-1");
  makeSampleTree(volume);
  const progress: VolumeProgress[] = [];
  const first = await backupVolume({
    repository: repo,
    folder: volume,
    tags: snapshotTags(db0),
    parentTags: parentTags(db0),
    onProgress: (p) => progress.push(p),
  });
  assert.equal(first.parentId, undefined);
  assert.ok(first.incrementalBytes > 3 * 1024 * 1024 * 0.9, `uploaded only ${first.incrementalBytes}`);
  assert.ok(progress.length > 0);
  assert.ok(progress.every((p) => p.bytesDone <= p.totalBytes));
  assert.equal(progress.at(-1)?.bytesDone, first.totalBytes);

  const snapshot = (await listSnapshots(repo)).find((s) => s.id === first.snapshotId)?.snapshot;
  assert.equal(snapshot?.hostname, snapshotHostname);
  assert.deepEqual(snapshot?.paths, [volume]);
  assert.deepEqual(parseTags(snapshot?.tags)["pvc-uid"], "pvc-uid-1");

  const target = path.join(root, "restored-1");
  const restored = await restoreVolume({ repository: repo, snapshotId: first.snapshotId, target });
  assert.equal(restored.snapshotId, first.snapshotId);
  assertSameTree(target, volume);

  // the pod was replaced and renamed; the claim (and its UID) is the same
  await writeFile(path.join(volume, "data", "nested", "small.txt"), "changed\n");
  const moved = { ...db0, backup: "nightly-2", backupUid: "b-uid-2", pod: "db-0-renamed", podUid: "pod-uid-2" };
  const second = await backupVolume({
    repository: repo,
    folder: volume,
    tags: snapshotTags(moved),
    parentTags: parentTags(moved),
  });
  assert.equal(second.parentId, first.snapshotId);
  assert.ok(second.incrementalBytes < 64 * 1024, `uploaded ${second.incrementalBytes} bytes for one changed file`);
  assert.equal(second.filesChanged, 1);
  assert.ok(second.filesUnmodified >= 8);

  const target2 = path.join(root, "restored-2");
  await restoreVolume({ repository: repo, snapshotId: second.snapshotId.slice(0, 12), target: target2 });
  assertSameTree(target2, volume);
});

test("another claim (another PVC UID) does not inherit the parent", async () => {
  const volume = path.join(root, "pv-2");
  makeSampleTree(volume, 2);
  const other = { ...db0, pod: "db-1", podUid: "pod-uid-3", pvcUid: "pvc-uid-2" };
  const result = await backupVolume({
    repository: repo,
    folder: volume,
    tags: snapshotTags(other),
    parentTags: parentTags(other),
  });
  assert.equal(result.parentId, undefined);
});

test("an emptyDir's parent is the same pod's same volume", async () => {
  const volume = path.join(root, "cache");
  makeSampleTree(volume, 3);
  const cache = { ...db0, volume: "cache", pvcUid: undefined };
  const first = await backupVolume({
    repository: repo,
    folder: volume,
    tags: snapshotTags(cache),
    parentTags: parentTags(cache),
  });
  const second = await backupVolume({
    repository: repo,
    folder: volume,
    tags: snapshotTags(cache),
    parentTags: parentTags(cache),
  });
  assert.equal(first.parentId, undefined);
  assert.equal(second.parentId, first.snapshotId);
  const recreated = { ...cache, podUid: "pod-uid-new" };
  const third = await backupVolume({
    repository: repo,
    folder: volume,
    tags: snapshotTags(recreated),
    parentTags: parentTags(recreated),
  });
  assert.equal(third.parentId, undefined);
});

test("an aborted backup stops with Canceled and saves no snapshot", async () => {
  const volume = path.join(root, "pv-cancel");
  makeSampleTree(volume, 4);
  const before = (await listSnapshots(repo)).length;
  const abort = new AbortController();
  await assert.rejects(
    backupVolume({
      repository: repo,
      folder: volume,
      tags: ["x=y"],
      parentTags: ["x=y"],
      signal: abort.signal,
      onProgress: () => abort.abort(),
    }),
    (err: unknown) => PodVolumeError.is(err, "Canceled"),
  );
  assert.equal((await listSnapshots(repo)).length, before);
});

test("restoring a snapshot that is not there fails clearly", async () => {
  await assert.rejects(
    restoreVolume({ repository: repo, snapshotId: "deadbeef", target: path.join(root, "nowhere") }),
    /no snapshot "deadbeef"/,
  );
});
