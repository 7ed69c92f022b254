/**
 * `stats`, in two of restic's counting modes, over the chosen snapshots (ids, unique prefixes or
 * "latest"; all snapshots when none is given, as restic does):
 *
 * - "restore-size" (the default): what a restore would write. Every node of every snapshot is
 *   counted as a file (folders and links too — restic's "Total File Count" counts them the same
 *   way), and sizes are summed, a hard-linked file (links > 1) once per (device, inode) within a
 *   snapshot.
 * - "raw-data": the blobs those snapshots use (trees and file contents), each once: their
 *   count, their stored size, and in repository version 2 their size before compression, with
 *   restic's compression ratio, progress and space saving figures.
 *
 * The caller loads nothing beforehand and should hold a (shared) lock, as for check.
 */
import { RepoError } from "./errors.ts";
import type { TreeNode } from "./format/node.ts";
import { decodeTree } from "./format/tree.ts";
import type { Repository } from "./repository.ts";
import { findSnapshot, listSnapshots, type SnapshotRef } from "./snapshots.ts";
import { collectUsedBlobs, parseHandle } from "./used-blobs.ts";

export const statsModes = ["restore-size", "raw-data"] as const;
export type StatsMode = (typeof statsModes)[number];

export interface StatsOptions {
  mode?: StatsMode;
  /** Snapshot ids, unique prefixes or "latest"; all snapshots when empty. */
  snapshots?: readonly string[];
}

export interface RepoStats {
  mode: StatsMode;
  snapshotsCount: number;
  totalSize: number;
  /** restore-size only. */
  totalFileCount: number;
  /** raw-data only. */
  totalBlobCount: number;
  /** raw-data in repository version 2: the blobs' sealed size had they not been compressed. */
  totalUncompressedSize: number;
  compressionRatio: number;
  compressionProgress: number;
  compressionSpaceSaving: number;
}

async function chosenSnapshots(repo: Repository, ids: readonly string[]): Promise<SnapshotRef[]> {
  if (ids.length === 0) return listSnapshots(repo);
  const chosen = new Map<string, SnapshotRef>();
  for (const id of ids) {
    const ref = await findSnapshot(repo, id);
    chosen.set(ref.id, ref);
  }
  return [...chosen.values()];
}

function emptyStats(mode: StatsMode, snapshotsCount: number): RepoStats {
  return {
    mode,
    snapshotsCount,
    totalSize: 0,
    totalFileCount: 0,
    totalBlobCount: 0,
    totalUncompressedSize: 0,
    compressionRatio: 0,
    compressionProgress: 0,
    compressionSpaceSaving: 0,
  };
}

/** Trees are shared between snapshots; keep a bounded number decoded. */
class TreeCache {
  private readonly repo: Repository;
  private readonly trees = new Map<string, TreeNode[]>();

  constructor(repo: Repository) {
    this.repo = repo;
  }

  async get(id: string): Promise<TreeNode[]> {
    const cached = this.trees.get(id);
    if (cached) return cached;
    const nodes = decodeTree(await this.repo.loadBlob("tree", id));
    if (this.trees.size >= 10_000) this.trees.clear();
    this.trees.set(id, nodes);
    return nodes;
  }
}

async function restoreSize(repo: Repository, snapshots: SnapshotRef[], stats: RepoStats): Promise<void> {
  const cache = new TreeCache(repo);
  for (const { snapshot } of snapshots) {
    const hardLinks = new Set<string>();
    const walk = async (tree: string): Promise<void> => {
      for (const node of await cache.get(tree)) {
        stats.totalFileCount++;
        const size = Number(node.size ?? 0n);
        if (node.links === 1 || node.type === "dir") stats.totalSize += size;
        else {
          const key = `${node.deviceId ?? 0n}:${node.inode ?? 0n}`;
          if (!hardLinks.has(key) || !node.inode) {
            hardLinks.add(key);
            stats.totalSize += size;
          }
        }
        if (node.type === "dir" && node.subtree) await walk(node.subtree);
      }
    };
    await walk(snapshot.tree);
  }
}

async function rawData(repo: Repository, snapshots: SnapshotRef[], stats: RepoStats): Promise<void> {
  const used = await collectUsedBlobs(
    (id) => repo.loadBlob("tree", id),
    snapshots.map((s) => s.snapshot.tree),
  );
  let compressedSize = 0;
  let compressedUncompressedSize = 0;
  for (const handle of used) {
    const { type, id } = parseHandle(handle);
    const at = repo.index.lookup(type, id);
    if (!at) throw new RepoError("BlobNotFound", `stats: ${type} blob ${id} is not in the index`);
    stats.totalSize += at.length;
    stats.totalBlobCount++;
    if (repo.version < 2) continue;
    const sealedPlain = at.uncompressedLength === undefined ? at.length : at.uncompressedLength + 32;
    stats.totalUncompressedSize += sealedPlain;
    if (at.uncompressedLength !== undefined) {
      compressedSize += at.length;
      compressedUncompressedSize += sealedPlain;
    }
  }
  if (compressedSize > 0) stats.compressionRatio = compressedUncompressedSize / compressedSize;
  if (stats.totalUncompressedSize > 0) {
    stats.compressionProgress = (compressedUncompressedSize / stats.totalUncompressedSize) * 100;
    stats.compressionSpaceSaving = (1 - stats.totalSize / stats.totalUncompressedSize) * 100;
  }
}

export async function repoStats(repo: Repository, options: StatsOptions = {}): Promise<RepoStats> {
  const mode = options.mode ?? "restore-size";
  if (!statsModes.includes(mode)) throw new RepoError("InvalidArgument", `stats: unknown mode "${String(mode)}"`);
  const snapshots = await chosenSnapshots(repo, options.snapshots ?? []);
  await repo.loadIndex();
  const stats = emptyStats(mode, snapshots.length);
  if (mode === "raw-data") await rawData(repo, snapshots, stats);
  else await restoreSize(repo, snapshots, stats);
  return stats;
}
