import { test } from "node:test";
import assert from "node:assert/strict";
import { RepoError } from "../errors.ts";
import { decodeSnapshot, encodeSnapshot } from "./snapshot.ts";
import type { Snapshot } from "./snapshot.ts";
import { resticDocuments } from "./testdata/load.ts";

const snapshots = resticDocuments("snapshot");

test("every captured restic snapshot decodes and re-encodes to identical bytes", () => {
  assert.ok(snapshots.size >= 6);
  for (const [id, bytes] of snapshots) {
    assert.equal(bytes.at(-1), 0x7d, "no trailing newline");
    assert.equal(encodeSnapshot(decodeSnapshot(bytes)).toString(), bytes.toString(), id);
  }
});

const tagged: Snapshot = {
  time: { epochNs: 1_795_621_732_533_540_969n, offsetMinutes: -210 },
  tree: "643fa92dab9b8d97ec7df6bb0a0ca907df1ce314cbd16200ccd3c405d408bc7d",
  paths: ["/tmp/lbfx/tzdata"],
  hostname: "tzhost2",
  username: "root",
  tags: ["a", "b", "c<d", "new&tag"],
  original: "d52ee62fdba39ed009a794279cf39bce2ce7537eaa409d1c858f7762ee83ba46",
  programVersion: "restic 0.19.1",
  summary: {
    backupStart: { epochNs: 1_795_621_732_533_540_969n, offsetMinutes: -210 },
    backupEnd: { epochNs: 1_795_621_733_260_156_398n, offsetMinutes: -210 },
    filesNew: 1,
    filesChanged: 0,
    filesUnmodified: 0,
    dirsNew: 3,
    dirsChanged: 0,
    dirsUnmodified: 0,
    dataBlobs: 0,
    treeBlobs: 4,
    dataAdded: 1462,
    dataAddedPacked: 1197,
    totalFilesProcessed: 1,
    totalBytesProcessed: 1,
  },
};

test("a literal snapshot encodes to the document restic wrote (TZ=America/St_Johns, then tagged)", () => {
  const bytes = snapshots.get("48c6e31650166a06a5ae7aa5edd437d8624fa96923c9df901ea8fc14c80306bb");
  assert.ok(bytes);
  assert.equal(encodeSnapshot(tagged).toString(), bytes.toString());
  assert.deepEqual(decodeSnapshot(bytes), tagged);
});

test("parent and excludes, in their places", () => {
  const bytes = snapshots.get("04fb0c221d7e3a3f6dbcc61606e19af9d963744edbe55ad52ec234f37c44ed1f");
  assert.ok(bytes);
  const snapshot = decodeSnapshot(bytes);
  assert.equal(snapshot.parent, "79ddb78d8cf3a10060e49351b0ce8543dc38d4a255056cb27375de2f9832189f");
  assert.deepEqual(snapshot.excludes, ["*.tmp", 'a"b']);
});

test("omitempty: zero uid/gid, empty lists and strings are left out; paths always written", () => {
  const minimal: Snapshot = {
    time: { epochNs: 0n, offsetMinutes: 0 },
    tree: "0".repeat(64),
    paths: [],
    hostname: "",
    uid: 0,
    gid: 0,
    tags: [],
    excludes: [],
  };
  const json = `{"time":"1970-01-01T00:00:00Z","tree":"${"0".repeat(64)}","paths":[]}`;
  assert.equal(encodeSnapshot(minimal).toString(), json);
  assert.deepEqual(decodeSnapshot(json), { time: minimal.time, tree: minimal.tree, paths: [] });
  const withIds = encodeSnapshot({ ...minimal, uid: 1000, gid: 100, paths: ["/a<b"] }).toString();
  assert.ok(withIds.endsWith('"paths":["/a\\u003cb"],"uid":1000,"gid":100}'), withIds);
});

test("errors", () => {
  const time = { epochNs: 0n, offsetMinutes: 0 };
  const invalidArgument = (s: Snapshot): void => {
    assert.throws(
      () => encodeSnapshot(s),
      (err) => RepoError.is(err, "InvalidArgument"),
    );
  };
  invalidArgument({ time, tree: "x", paths: [] });
  invalidArgument({
    time: { epochNs: 253_402_300_800_000_000_000n, offsetMinutes: 0 },
    tree: "0".repeat(64),
    paths: [],
  });
  invalidArgument({ time, tree: "0".repeat(64), paths: [], uid: 2 ** 32 });
  const bad = [
    '{"time":"1970-01-01T00:00:00Z","paths":[]}',
    '{"time":"1970-01-01T00:00:00Z","tree":null,"paths":[]}',
    `{"time":"1970-01-01T00:00:00Z","tree":"${"0".repeat(64)}","paths":"/"}`,
    `{"time":"x","tree":"${"0".repeat(64)}"}`,
    `{"tree":"${"0".repeat(64)}","summary":{"files_new":-1}}`,
    "[]",
  ];
  for (const text of bad) {
    assert.throws(
      () => decodeSnapshot(text),
      (err) => RepoError.is(err, "InvalidFormat"),
      text,
    );
  }
});
