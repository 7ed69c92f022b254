/**
 * prune on real backups of temp folders: forgotten snapshots' unique data goes, shared blobs
 * stay, check (with read-data) is clean and the remaining snapshot restores byte for byte;
 * partly used packs are repacked or kept by the unused-data limit; unreferenced packs go;
 * damage stops prune before anything is deleted; a prune interrupted between writing the new
 * index and deleting the old one is finished by the next; and the exclusive lock keeps prune
 * and backups apart.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { readAll } from "../storage/body.ts";
import { MemoryStore } from "../storage/memory/memory-store.ts";
import { backup } from "./archiver/archiver.ts";
import { blobId } from "./blob-codec.ts";
import { checkRepository } from "./checker.ts";
import { RepoError } from "./errors.ts";
import { fileKey } from "./file-types.ts";
import { forget } from "./forget.ts";
import { decodeIndex } from "./index/index-file.ts";
import { Locker } from "./lock.ts";
import { prune, splitIndex } from "./prune.ts";
import { initRepository, openRepository, type Repository } from "./repository.ts";
import { restore } from "./restorer/restorer.ts";
import { listSnapshots } from "./snapshots.ts";

const temps: string[] = [];
after(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-prune-"));
  temps.push(dir);
  return dir;
}

const kdf = { N: 1024, r: 8, p: 1 };

async function newRepo(version: 1 | 2 = 2): Promise<{ store: MemoryStore; repo: Repository }> {
  const store = new MemoryStore();
  return { store, repo: await initRepository(store, "pw", { kdf, version }) };
}

/** Opens the repository afresh (prune leaves the old handle's in-memory index stale). */
const reopen = (store: MemoryStore): Promise<Repository> => openRepository(store, "pw");

async function indexedBlobs(repo: Repository): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const id of await repo.backend.listIds("index")) {
    for (const pack of decodeIndex(await repo.loadUnpacked("index", id)).packs)
      for (const blob of pack.blobs) ids.add(blob.id);
  }
  return ids;
}

async function readTree(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(root, full), await readFile(full));
  }
  return files;
}

async function assertRestores(repo: Repository, source: string): Promise<void> {
  const [latest] = (await listSnapshots(repo)).slice(-1);
  assert.ok(latest);
  const target = await tempDir();
  await repo.loadIndex();
  await restore(repo, latest.snapshot.tree, { target });
  assert.deepEqual(await readTree(path.join(target, source)), await readTree(source));
}

async function assertClean(repo: Repository): Promise<void> {
  const result = await checkRepository(repo, { readData: true });
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.warnings, []);
}

async function listing(store: MemoryStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const e of store.list({ prefix: "" })) if (e.kind === "object") keys.push(e.object.key);
  return keys.sort();
}

/** Two backups of one folder: `shared` unchanged, `changing` rewritten in between. */
async function twoBackups(repo: Repository, extra: { big?: Buffer } = {}) {
  const source = await tempDir();
  const shared = randomBytes(20_000);
  const before = randomBytes(30_000);
  await mkdir(path.join(source, "sub"));
  await writeFile(path.join(source, "sub", "shared.bin"), shared);
  await writeFile(path.join(source, "changing.bin"), before);
  if (extra.big) await writeFile(path.join(source, "big.bin"), extra.big);
  const first = await backup(repo, { paths: [source] });
  await writeFile(path.join(source, "changing.bin"), randomBytes(25_000));
  const second = await backup(repo, { paths: [source] });
  return { source, first, second, sharedId: blobId(shared), oldId: blobId(before) };
}

test("after forget, prune removes the forgotten data, keeps shared blobs, and the rest restores", async () => {
  const { store, repo } = await newRepo();
  const { source, first, sharedId, oldId } = await twoBackups(repo);
  const other = await tempDir();
  await writeFile(path.join(other, "only-here.bin"), randomBytes(10_000));
  const lone = await backup(repo, { paths: [other] });
  await forget(repo, { ids: [first.id, lone.id] });
  const result = await prune(repo);
  assert.equal(result.dryRun, false);
  assert.ok(result.done.packsDeleted >= 1, "the lone snapshot's packs are wholly unused");
  assert.ok(result.done.packsRepacked >= 1, "the first backup's packs are partly used");
  assert.ok(result.done.bytesFreed > 0);
  assert.equal(result.done.indexFilesDeleted, 3);
  assert.deepEqual(result.warnings, []);
  const fresh = await reopen(store);
  const blobs = await indexedBlobs(fresh);
  assert.ok(blobs.has(sharedId), "a blob both snapshots use stays");
  assert.ok(!blobs.has(oldId), "a blob only the forgotten snapshot used is gone");
  await assertClean(fresh);
  await assertRestores(fresh, source);
  assert.deepEqual(await fresh.backend.listIds("lock"), []);
});

test("a second prune finds nothing to do and leaves the index alone", async () => {
  const { store, repo } = await newRepo();
  const { first } = await twoBackups(repo);
  await forget(repo, { ids: [first.id] });
  await prune(repo);
  const before = await listing(store);
  const again = await prune(await reopen(store));
  assert.equal(again.done.packsDeleted + again.done.packsRepacked + again.done.indexFilesWritten, 0);
  assert.equal(again.stats.blobs.unused + again.stats.blobs.duplicate, 0);
  assert.deepEqual(await listing(store), before);
});

test("dry run reports the plan and changes nothing", async () => {
  const { store, repo } = await newRepo();
  const { first } = await twoBackups(repo);
  await forget(repo, { ids: [first.id] });
  const before = await listing(store);
  const result = await prune(repo, { dryRun: true });
  assert.equal(result.dryRun, true);
  assert.ok(result.stats.blobs.unused > 0);
  assert.ok(result.done.packsRepacked > 0);
  assert.deepEqual(await listing(store), before);
});

test("a big partly used data pack is kept within --max-unused, and repacked with a limit of 0", async () => {
  const { store, repo } = await newRepo();
  const { source, first, oldId } = await twoBackups(repo, { big: randomBytes(5 * 1024 * 1024) });
  await forget(repo, { ids: [first.id] });
  const tolerant = await prune(repo, { dryRun: true });
  assert.equal(tolerant.stats.packs.partlyUsed >= 1, true);
  assert.ok(tolerant.stats.bytes.unused < tolerant.stats.bytes.used * 0.05);
  const strict = await prune(repo, { dryRun: true, maxUnused: { kind: "bytes", bytes: 0 } });
  assert.equal(strict.done.packsRepacked, tolerant.done.packsRepacked + 1);
  await prune(repo);
  assert.ok((await indexedBlobs(await reopen(store))).has(oldId), "kept in its (kept) pack");
  await prune(await reopen(store), { maxUnused: { kind: "bytes", bytes: 0 } });
  const fresh = await reopen(store);
  assert.ok(!(await indexedBlobs(fresh)).has(oldId));
  await assertClean(fresh);
  await assertRestores(fresh, source);
});

test("packs in no index are deleted; index files are split at the blob limit", async () => {
  const { store, repo } = await newRepo();
  const { source, first } = await twoBackups(repo);
  const stray = await repo.backend.save("pack", randomBytes(500));
  await forget(repo, { ids: [first.id] });
  const result = await prune(repo, { indexMaxBlobs: 3 });
  assert.equal(result.done.unreferencedPacksDeleted, 1);
  assert.equal(await repo.backend.exists("pack", stray), false);
  const fresh = await reopen(store);
  assert.ok(result.done.indexFilesWritten >= 2);
  for (const id of await fresh.backend.listIds("index")) {
    const packs = decodeIndex(await fresh.loadUnpacked("index", id)).packs;
    assert.ok(packs.length === 1 || packs.reduce((n, p) => n + p.blobs.length, 0) <= 3);
  }
  await assertClean(fresh);
  await assertRestores(fresh, source);
});

test("splitIndex never splits a pack and keeps files at the limit", () => {
  const pack = (id: string, n: number) => ({
    id,
    blobs: Array.from({ length: n }, (_, i) => ({ type: "data" as const, id: `${id}${i}`, offset: i, length: 1 })),
  });
  const files = splitIndex([pack("a", 2), pack("b", 2), pack("c", 5), pack("d", 1)], 4);
  assert.deepEqual(
    files.map((f) => f.map((p) => p.id)),
    [["a", "b"], ["c"], ["d"]],
  );
});

test("a damaged blob that must be moved stops prune before any file is deleted", async () => {
  const { store, repo } = await newRepo();
  const { first, sharedId } = await twoBackups(repo);
  await forget(repo, { ids: [first.id] });
  await repo.loadIndex();
  const at = repo.index.lookup("data", sharedId);
  assert.ok(at);
  const key = fileKey("pack", at.packId);
  const bytes = Buffer.from(await repo.backend.load("pack", at.packId));
  bytes[at.offset + 20] = (bytes[at.offset + 20] ?? 0) ^ 0xff;
  await store.put(key, bytes);
  const before = (await listing(store)).filter((k) => !k.startsWith("data/"));
  await assert.rejects(prune(repo), (e) => RepoError.is(e, "InvalidFormat") && /is damaged/.test(e.message));
  const after = (await listing(store)).filter((k) => !k.startsWith("data/"));
  assert.deepEqual(after, before, "index files are untouched (new packs may be left unindexed)");
  assert.equal(await repo.backend.exists("pack", at.packId), true);
});

test("prune refuses when a blob in use is missing from every pack", async () => {
  const { repo } = await newRepo();
  const { sharedId } = await twoBackups(repo);
  await repo.loadIndex();
  const at = repo.index.lookup("data", sharedId);
  assert.ok(at);
  await repo.backend.remove("pack", at.packId);
  await assert.rejects(prune(repo), (e) => RepoError.is(e, "BlobNotFound") && /nothing was changed/.test(e.message));
});

test("prune works on a version 1 repository (uncompressed blobs)", async () => {
  const { store, repo } = await newRepo(1);
  const { source, first } = await twoBackups(repo);
  await forget(repo, { ids: [first.id] });
  const result = await prune(repo);
  assert.ok(result.done.packsRepacked >= 1);
  const fresh = await reopen(store);
  await assertClean(fresh);
  await assertRestores(fresh, source);
});

test("prune is refused while a backup holds a shared lock, and a backup's lock while prune runs", async () => {
  const { store, repo } = await newRepo();
  const { first } = await twoBackups(repo);
  await forget(repo, { ids: [first.id] });
  const backupSide = await reopen(store);
  const held = await new Locker(backupSide).lock(false);
  await assert.rejects(prune(repo), (e) => RepoError.is(e, "Locked"));
  await held.release();

  let attempt: Promise<unknown> | undefined;
  const result = await prune(repo, {
    onProgress: (message) => {
      if (message.startsWith("repacking")) attempt ??= new Locker(backupSide).lock(false);
    },
  });
  assert.ok(attempt, "prune reported its repacking phase");
  await assert.rejects(attempt, (e) => RepoError.is(e, "Locked") && /exclusively/.test(e.message));
  assert.ok(result.done.packsRepacked >= 1);
  assert.deepEqual(await repo.backend.listIds("lock"), []);
});

test("after an interrupted prune (old and new index both present), the next prune keeps the new packs", async () => {
  const { store, repo } = await newRepo();
  const { source, first } = await twoBackups(repo);
  await forget(repo, { ids: [first.id] });
  const saved = new Map<string, Buffer>();
  for (const key of await listing(store)) saved.set(key, await readAll(await store.get(key)));
  await prune(repo);
  const restored: string[] = [];
  for (const [key, data] of saved) {
    if ((await listing(store)).includes(key) || key.startsWith("locks/")) continue;
    await store.put(key, data);
    restored.push(key);
  }
  const oldPacks = restored.filter((k) => k.startsWith("data/")).length;
  assert.ok(oldPacks >= 1 && restored.some((k) => k.startsWith("index/")));
  const again = await prune(await reopen(store));
  assert.ok(again.stats.blobs.duplicate > 0);
  assert.equal(again.done.packsRepacked, 0);
  assert.equal(again.done.packsDeleted, oldPacks);
  const fresh = await reopen(store);
  await assertClean(fresh);
  await assertRestores(fresh, source);
});
