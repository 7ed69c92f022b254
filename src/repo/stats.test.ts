/**
 * stats: restore-size counts every node (as restic does) and a hard-linked file's size once;
 * raw-data counts each blob the chosen snapshots use once, with stored and uncompressed sizes.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { link, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { MemoryStore } from "../storage/memory/memory-store.ts";
import { backup } from "./archiver/archiver.ts";
import { RepoError } from "./errors.ts";
import { decodeIndex } from "./index/index-file.ts";
import { initRepository, type Repository } from "./repository.ts";
import { repoStats } from "./stats.ts";

const temps: string[] = [];
after(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function source(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-stats-"));
  temps.push(dir);
  await mkdir(path.join(dir, "sub"));
  await writeFile(path.join(dir, "a.bin"), randomBytes(1000));
  await writeFile(path.join(dir, "sub", "b.bin"), randomBytes(3000));
  await writeFile(path.join(dir, "empty"), "");
  await link(path.join(dir, "a.bin"), path.join(dir, "sub", "a-link.bin"));
  await symlink("a.bin", path.join(dir, "link"));
  return dir;
}

/** Nodes a backup of `dir` holds: one per folder on the way to it, then its 6 entries. */
const nodeCount = (dir: string): number => dir.split("/").filter(Boolean).length + 6;

async function allIndexed(repo: Repository): Promise<{ count: number; size: number }> {
  let count = 0;
  let size = 0;
  for (const id of await repo.backend.listIds("index")) {
    for (const pack of decodeIndex(await repo.loadUnpacked("index", id)).packs) {
      count += pack.blobs.length;
      size += pack.blobs.reduce((n, b) => n + b.length, 0);
    }
  }
  return { count, size };
}

test("restore-size: every node counted, sizes summed, a hard-linked file once", async () => {
  const repo = await initRepository(new MemoryStore(), "pw", { kdf: { N: 1024, r: 8, p: 1 } });
  const dir = await source();
  await backup(repo, { paths: [dir] });
  const stats = await repoStats(repo);
  assert.equal(stats.mode, "restore-size");
  assert.equal(stats.snapshotsCount, 1);
  assert.equal(stats.totalFileCount, nodeCount(dir));
  assert.equal(stats.totalSize, 1000 + 3000, "the link has no size; a.bin and its hard link count once");

  await writeFile(path.join(dir, "sub", "b.bin"), randomBytes(500));
  await backup(repo, { paths: [dir] });
  const both = await repoStats(repo);
  assert.equal(both.snapshotsCount, 2);
  assert.equal(both.totalFileCount, 2 * nodeCount(dir));
  assert.equal(both.totalSize, 2 * 1000 + 3000 + 500);
  const latest = await repoStats(repo, { snapshots: ["latest"] });
  assert.equal(latest.totalSize, 1000 + 500);
});

test("raw-data: each used blob once, with stored and uncompressed sizes", async () => {
  const repo = await initRepository(new MemoryStore(), "pw", { kdf: { N: 1024, r: 8, p: 1 } });
  const dir = await source();
  await backup(repo, { paths: [dir] });
  await backup(repo, { paths: [dir] });
  const stats = await repoStats(repo, { mode: "raw-data" });
  const indexed = await allIndexed(repo);
  assert.equal(stats.snapshotsCount, 2);
  assert.equal(stats.totalBlobCount, indexed.count);
  assert.equal(stats.totalSize, indexed.size);
  assert.equal(stats.totalFileCount, 0);
  assert.ok(stats.totalUncompressedSize > 0);
  assert.ok(stats.compressionRatio > 0);
  assert.ok(stats.compressionProgress > 99.99, "every blob is compressed in v2");
});

test("raw-data in a version 1 repository has no compression figures; a bad mode is refused", async () => {
  const repo = await initRepository(new MemoryStore(), "pw", { kdf: { N: 1024, r: 8, p: 1 }, version: 1 });
  await backup(repo, { paths: [await source()] });
  const stats = await repoStats(repo, { mode: "raw-data" });
  assert.equal(stats.totalSize, (await allIndexed(repo)).size);
  assert.equal(stats.totalUncompressedSize, 0);
  assert.equal(stats.compressionRatio, 0);
  await assert.rejects(repoStats(repo, { mode: "files-by-contents" as "raw-data" }), (e) =>
    RepoError.is(e, "InvalidArgument"),
  );
});
