/**
 * `check`: is the repository whole? Structure: every index file loads; every pack the index
 * names exists (and every pack that exists is indexed); every snapshot's trees load and every
 * blob they name is in the index. With read-data (all packs, or a subset), every pack is
 * downloaded and hashed against its name, its header is compared with the index, and every blob
 * is decrypted, decompressed and hashed. A damaged pack is reported with the files it affects.
 */
import { createHash } from "node:crypto";
import { decodeBlob } from "./blob-codec.ts";
import { open } from "./crypto/seal.ts";
import { decodeHeader, headerLocation } from "./pack/header.ts";
import type { BlobLocation } from "./index/master-index.ts";
import type { Repository } from "./repository.ts";
import { listSnapshots } from "./snapshots.ts";
import { walkTree } from "./tree-walk.ts";

export interface CheckOptions {
  readData?: boolean;
  /** Read only this fraction (0..1] of the packs. */
  readDataSubset?: number;
  onProgress?: (message: string) => void;
}

export interface DamagedPack {
  packId: string;
  problem: string;
  blobs: string[];
  /** Snapshot paths of files whose content uses a damaged blob. */
  files: string[];
}

export interface CheckResult {
  errors: string[];
  warnings: string[];
  damagedPacks: DamagedPack[];
  snapshots: number;
  trees: number;
  packsRead: number;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export async function checkRepository(repo: Repository, options: CheckOptions = {}): Promise<CheckResult> {
  const result: CheckResult = { errors: [], warnings: [], damagedPacks: [], snapshots: 0, trees: 0, packsRead: 0 };
  const index = await repo.loadIndex();
  const existing = new Map<string, number>();
  for await (const file of repo.backend.list("pack")) existing.set(file.id, file.size);
  const indexed = new Set(index.packs());
  for (const packId of indexed)
    if (!existing.has(packId)) result.errors.push(`pack ${packId} is in the index but missing`);
  for (const packId of existing.keys())
    if (!indexed.has(packId)) result.warnings.push(`pack ${packId} is not in any index (unreferenced)`);

  const snapshots = await listSnapshots(repo);
  result.snapshots = snapshots.length;
  result.trees = await checkTrees(repo, snapshots, result, options);
  if (options.readData || options.readDataSubset !== undefined)
    await readData(repo, [...existing.keys()], result, options);
  return result;
}

async function checkTrees(
  repo: Repository,
  snapshots: { id: string; snapshot: { tree: string } }[],
  result: CheckResult,
  options: CheckOptions,
): Promise<number> {
  const index = repo.index;
  const seenTrees = new Set<string>();
  const onTreeError = (tree: string, dir: string, err: unknown): void => {
    result.errors.push(`tree ${tree} (${dir}): ${describe(err)}`);
  };
  for (const { id, snapshot } of snapshots) {
    options.onProgress?.(`checking snapshot ${id.slice(0, 8)}`);
    for await (const { path, node } of walkTree(repo, snapshot.tree, { seen: seenTrees, onTreeError })) {
      for (const blob of node.content ?? []) {
        if (!index.has("data", blob)) result.errors.push(`${path}: data blob ${blob} is not in the index`);
      }
    }
  }
  return seenTrees.size;
}

async function readData(
  repo: Repository,
  existing: string[],
  result: CheckResult,
  options: CheckOptions,
): Promise<void> {
  const fraction = options.readDataSubset ?? 1;
  const packs = existing.filter((id) => fraction >= 1 || parseInt(id.slice(0, 8), 16) / 0xffffffff < fraction);
  const byPack = new Map<string, IndexedBlob[]>();
  for (const entry of repo.index.entries()) {
    const list = byPack.get(entry.location.packId) ?? [];
    list.push(entry);
    byPack.set(entry.location.packId, list);
  }
  for (const packId of packs) {
    options.onProgress?.(`reading pack ${packId.slice(0, 8)}`);
    const damage = await readPack(repo, packId, byPack.get(packId) ?? []);
    result.packsRead++;
    if (damage) result.damagedPacks.push(damage);
  }
  if (result.damagedPacks.length === 0) return;
  const roots = (await listSnapshots(repo)).map((s) => s.snapshot.tree);
  await attributeDamage(repo, result.damagedPacks, roots);
  for (const pack of result.damagedPacks) {
    const files = pack.files.length ? `; affected files: ${pack.files.join(", ")}` : "";
    result.errors.push(`pack ${pack.packId}: ${pack.problem}${files}`);
  }
}

/** Reads one pack whole; returns what is wrong with it, or undefined when it is sound. */
type IndexedBlob = { id: string; location: BlobLocation };

async function readPack(repo: Repository, packId: string, indexed: IndexedBlob[]): Promise<DamagedPack | undefined> {
  const damaged = (problem: string, blobs: string[]): DamagedPack => ({ packId, problem, blobs, files: [] });
  let bytes: Buffer;
  try {
    bytes = await repo.backend.load("pack", packId);
  } catch (err) {
    return damaged(
      `cannot be read: ${describe(err)}`,
      indexed.map((e) => e.id),
    );
  }
  const bad: string[] = [];
  for (const { id, location } of indexed) {
    try {
      decodeBlob(
        repo.key,
        bytes.subarray(location.offset, location.offset + location.length),
        id,
        location.uncompressedLength,
      );
    } catch {
      bad.push(id);
    }
  }
  const hashOk = createHash("sha256").update(bytes).digest("hex") === packId;
  let headerProblem = "";
  try {
    const where = headerLocation(bytes.length, bytes.readUInt32LE(bytes.length - 4), packId);
    const entries = decodeHeader(open(repo.key, bytes.subarray(where.offset, where.offset + where.length)), packId);
    const headerIds = new Set(entries.map((e) => e.id));
    if (indexed.some((e) => !headerIds.has(e.id)))
      headerProblem = "its header does not list every blob the index places in it";
  } catch (err) {
    headerProblem = `its header is unreadable (${describe(err)})`;
  }
  if (hashOk && bad.length === 0 && !headerProblem) return undefined;
  const problems = [
    ...(hashOk ? [] : ["its content does not match its name (SHA-256)"]),
    ...(bad.length ? [`${bad.length} damaged blob(s)`] : []),
    ...(headerProblem ? [headerProblem] : []),
  ];
  return damaged(problems.join("; "), bad);
}

/** Fills in which files (in any snapshot) use the damaged blobs. */
async function attributeDamage(repo: Repository, damaged: DamagedPack[], roots: string[]): Promise<void> {
  const owner = new Map<string, DamagedPack>();
  for (const pack of damaged) for (const blob of pack.blobs) owner.set(blob, pack);
  const seen = new Set<string>();
  for (const root of roots) {
    for await (const { path, node } of walkTree(repo, root, { seen, onTreeError: () => undefined })) {
      for (const blob of node.content ?? []) {
        const pack = owner.get(blob);
        if (pack && !pack.files.includes(path)) pack.files.push(path);
      }
    }
  }
}
