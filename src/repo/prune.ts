/**
 * `prune`: remove the data no snapshot uses any more, under an exclusive lock (a running backup
 * holds a shared one, so prune refuses while it runs, and a backup cannot start while prune
 * runs). What to do with each pack is decided first (prune-plan.ts); then, in an order that
 * leaves a usable repository wherever it is interrupted:
 *
 * 1. packs in no index are deleted (nothing refers to them);
 * 2. the used blobs of the packs to repack are read (ranged reads), checked (decrypted and
 *    hashed), and written as they are — still sealed, no re-encryption — into new packs, data
 *    and tree blobs apart;
 * 3. new index files are written for every kept pack and every new pack (at most 50,000 blobs
 *    each, as restic does), and only then the old index files are deleted;
 * 4. last, the unused and the repacked packs are deleted.
 *
 * Interrupted before 3, the new packs are merely unindexed (the next prune deletes them);
 * between 3 and 4, old and new index overlap (harmless); after, leftover packs are unindexed.
 * When nothing is removed or repacked, the index is left alone.
 *
 * After a prune that changed the index, the Repository's in-memory index (repo.index) is out of
 * date: open the repository again before using it for anything else.
 */
import { decodeBlob } from "./blob-codec.ts";
import { blobSaverDefaults } from "./blob-saver.ts";
import { RepoError } from "./errors.ts";
import { encodeIndex, type IndexPack } from "./index/index-file.ts";
import { Locker } from "./lock.ts";
import type { BlobType, PackEntry } from "./pack/header.ts";
import { PackWriter } from "./pack/pack-writer.ts";
import { planPrune, type PlanOptions, type PrunePlan, type PruneStats } from "./prune-plan.ts";
import type { Repository } from "./repository.ts";

export { defaultMaxUnused, maxUnusedBytes, type MaxUnused, type PruneStats } from "./prune-plan.ts";

export interface PruneOptions extends PlanOptions {
  dryRun?: boolean;
  /** Target size of the packs written while repacking (default 16 MiB, as backups). */
  packSizeBytes?: number;
  /** Blobs per index file (default 50,000, restic's). */
  indexMaxBlobs?: number;
  /** Set when the caller already holds an exclusive lock (e.g. after forget). */
  holdsExclusiveLock?: boolean;
}

export interface PruneResult {
  dryRun: boolean;
  stats: PruneStats;
  /** What was (or, in a dry run, would be) done. */
  done: {
    packsDeleted: number;
    packsRepacked: number;
    packsWritten: number;
    unreferencedPacksDeleted: number;
    indexFilesWritten: number;
    indexFilesDeleted: number;
    /** Bytes of pack files deleted minus bytes of pack files written (an estimate in a dry run). */
    bytesFreed: number;
  };
  /** Files that could not be deleted (harmless: the next prune deletes them). */
  warnings: string[];
}

/** Gathers repacked blobs into new packs, one open pack per blob type. */
class Repacker {
  private readonly repo: Repository;
  private readonly packSize: number;
  private readonly writers: Record<BlobType, PackWriter> = { data: new PackWriter(), tree: new PackWriter() };
  readonly written: IndexPack[] = [];
  bytesWritten = 0;

  constructor(repo: Repository, packSize: number) {
    this.repo = repo;
    this.packSize = packSize;
  }

  async add(entry: PackEntry, sealed: Buffer): Promise<void> {
    const writer = this.writers[entry.type];
    writer.add({
      type: entry.type,
      id: entry.id,
      sealed,
      ...(entry.uncompressedLength === undefined ? {} : { uncompressedLength: entry.uncompressedLength }),
    });
    if (writer.size >= this.packSize || writer.headerFull) await this.finish(entry.type);
  }

  async finish(type: BlobType): Promise<void> {
    const writer = this.writers[type];
    if (writer.count === 0) return;
    this.writers[type] = new PackWriter();
    const pack = writer.finish(this.repo.key);
    await this.repo.backend.save("pack", pack.bytes, pack.id);
    this.written.push({ id: pack.id, blobs: pack.entries });
    this.bytesWritten += pack.bytes.length;
  }
}

/** Consecutive needed blobs closer than this are fetched in one ranged read. */
const maxReadGap = 256 * 1024;

function readRuns(entries: readonly PackEntry[]): PackEntry[][] {
  const runs: PackEntry[][] = [];
  for (const entry of [...entries].sort((a, b) => a.offset - b.offset)) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run && last && entry.offset - (last.offset + last.length) <= maxReadGap) run.push(entry);
    else runs.push([entry]);
  }
  return runs;
}

async function repackOne(repo: Repository, packId: string, used: readonly PackEntry[], out: Repacker): Promise<void> {
  for (const run of readRuns(used)) {
    const first = run[0];
    const last = run.at(-1);
    if (!first || !last) continue;
    const start = first.offset;
    const bytes = await repo.backend.load("pack", packId, { offset: start, length: last.offset + last.length - start });
    for (const entry of run) {
      const sealed = bytes.subarray(entry.offset - start, entry.offset - start + entry.length);
      try {
        decodeBlob(repo.key, sealed, entry.id, entry.uncompressedLength);
      } catch (err) {
        throw new RepoError(
          "InvalidFormat",
          `prune: ${entry.type} blob ${entry.id} in pack ${packId} is damaged (${(err as Error).message}); ` +
            "no pack or index file was deleted — run check",
          { cause: err },
        );
      }
      await out.add(entry, Buffer.from(sealed));
    }
  }
}

/** Splits packs into index files of at most `maxBlobs` blobs (a pack is never split). */
export function splitIndex(packs: readonly IndexPack[], maxBlobs: number): IndexPack[][] {
  const files: IndexPack[][] = [];
  let current: IndexPack[] = [];
  let count = 0;
  for (const pack of packs) {
    if (current.length > 0 && count + pack.blobs.length > maxBlobs) {
      files.push(current);
      current = [];
      count = 0;
    }
    current.push(pack);
    count += pack.blobs.length;
  }
  if (current.length > 0) files.push(current);
  return files;
}

async function removeAll(
  repo: Repository,
  type: "pack" | "index",
  ids: Iterable<string>,
  warnings: string[] | undefined,
): Promise<string[]> {
  const removed: string[] = [];
  for (const id of ids) {
    try {
      await repo.backend.remove(type, id);
      removed.push(id);
    } catch (err) {
      if (!warnings) throw err;
      warnings.push(`could not delete ${type} ${id}: ${(err as Error).message}`);
    }
  }
  return removed;
}

function dryRunResult(plan: PrunePlan): PruneResult {
  const { stats } = plan;
  return {
    dryRun: true,
    stats,
    done: {
      packsDeleted: plan.remove.size,
      packsRepacked: plan.repack.size,
      packsWritten: 0,
      unreferencedPacksDeleted: plan.unreferenced.length,
      indexFilesWritten: 0,
      indexFilesDeleted: 0,
      bytesFreed: stats.bytes.remove + stats.bytes.repackRemoved + stats.bytes.unreferenced,
    },
    warnings: [],
  };
}

async function execute(repo: Repository, plan: PrunePlan, options: PruneOptions): Promise<PruneResult> {
  const warnings: string[] = [];
  const sizeOf = (id: string): number => plan.packs.get(id)?.size ?? 0;
  const progress = options.onProgress;
  if (plan.unreferenced.length > 0) progress?.(`deleting ${plan.unreferenced.length} unreferenced packs`);
  const unreferencedDeleted = new Set(
    await removeAll(
      repo,
      "pack",
      plan.unreferenced.map((p) => p.id),
      warnings,
    ),
  );
  const repacker = new Repacker(repo, options.packSizeBytes ?? blobSaverDefaults.packSizeBytes);
  if (plan.repack.size > 0) progress?.(`repacking ${plan.repack.size} packs`);
  for (const id of plan.repack) await repackOne(repo, id, plan.packs.get(id)?.used ?? [], repacker);
  await repacker.finish("data");
  await repacker.finish("tree");
  const obsolete = [...plan.remove, ...plan.repack];
  let indexFilesWritten = 0;
  let indexFilesDeleted = 0;
  if (obsolete.length > 0 || plan.missing.length > 0) {
    progress?.("rebuilding index");
    const kept = [...plan.keep].map((id) => ({ id, blobs: plan.packs.get(id)?.entries ?? [] }));
    for (const file of splitIndex([...kept, ...repacker.written], options.indexMaxBlobs ?? 50_000)) {
      await repo.saveUnpacked("index", encodeIndex(file));
      indexFilesWritten++;
    }
    progress?.(`deleting ${plan.indexIds.length} obsolete index files`);
    indexFilesDeleted = (await removeAll(repo, "index", plan.indexIds, undefined)).length;
  }
  if (obsolete.length > 0) progress?.(`removing ${obsolete.length} old packs`);
  const deleted = new Set(await removeAll(repo, "pack", obsolete, warnings));
  const deletedBytes =
    [...deleted].reduce((n, id) => n + sizeOf(id), 0) +
    plan.unreferenced.reduce((n, p) => n + (unreferencedDeleted.has(p.id) ? p.size : 0), 0);
  return {
    dryRun: false,
    stats: plan.stats,
    done: {
      packsDeleted: [...plan.remove].filter((id) => deleted.has(id)).length,
      packsRepacked: plan.repack.size,
      packsWritten: repacker.written.length,
      unreferencedPacksDeleted: unreferencedDeleted.size,
      indexFilesWritten,
      indexFilesDeleted,
      bytesFreed: deletedBytes - repacker.bytesWritten,
    },
    warnings,
  };
}

/**
 * Plans and (unless dryRun) carries out a prune. Takes an exclusive lock unless the caller
 * holds one; throws RepoError "Locked" while any other lock (e.g. a backup's) is live.
 */
export async function prune(repo: Repository, options: PruneOptions = {}): Promise<PruneResult> {
  const lock = options.holdsExclusiveLock ? undefined : await new Locker(repo).lock(true);
  try {
    const plan = await planPrune(repo, options);
    if (options.dryRun) return dryRunResult(plan);
    return await execute(repo, plan, options);
  } finally {
    await lock?.release();
  }
}
