/**
 * The first half of `prune`: decide what happens to every pack, changing nothing. The index
 * files are read afresh (not the repository's in-memory index, which may predate the lock), the
 * snapshots' trees are walked to find the blobs in use (used-blobs.ts), and each pack is
 *
 * - kept when all its blobs are used,
 * - removed when none is,
 * - repacked (its used blobs copied to new packs) or kept when only some are: packs of tree
 *   blobs, and packs smaller than the target size, are always repacked; data packs are repacked
 *   most-wasteful first until the unused data left is within `maxUnused` (restic's default,
 *   5% of the used data: unused ≤ p/(100−p) × used), and no further than `maxRepackBytes`.
 *
 * The target size is restic's: 4/5 of max(4 MiB, the 3rd-percentile pack size), so small packs
 * are merged only when they are partly unused (restic also merges ten or more fully used small
 * packs; Lifeboat does not). A blob stored more than once (an interrupted backup or prune) is
 * counted as used in one pack only: the pack with the most other used blobs, preferring packs
 * whose blobs are all in use (so the packs an interrupted prune already wrote are kept).
 * Packs in storage but in no index are removed; indexed packs missing from storage are dropped
 * from the index if nothing in them is needed. Refuses (RepoError) when a used blob is in no
 * existing pack, or a needed pack's size differs from what the index implies.
 */
import { decodeBlob } from "./blob-codec.ts";
import { RepoError } from "./errors.ts";
import { decodeIndex, type IndexPack } from "./index/index-file.ts";
import { MasterIndex } from "./index/master-index.ts";
import type { PackEntry } from "./pack/header.ts";
import type { Repository } from "./repository.ts";
import { listSnapshots } from "./snapshots.ts";
import { blobHandle, collectUsedBlobs, type BlobHandle } from "./used-blobs.ts";

export type MaxUnused = { kind: "percent"; percent: number } | { kind: "bytes"; bytes: number } | { kind: "unlimited" };

export const defaultMaxUnused: MaxUnused = { kind: "percent", percent: 5 };
const minPackSize = 4 * 1024 * 1024;

export interface PlanOptions {
  maxUnused?: MaxUnused;
  maxRepackBytes?: number;
  /** Snapshots to treat as gone (just forgotten). */
  ignoreSnapshots?: readonly string[];
  onProgress?: (message: string) => void;
}

export interface PruneStats {
  blobs: { used: number; duplicate: number; unused: number; remove: number; repack: number; repackRemoved: number };
  bytes: {
    used: number;
    duplicate: number;
    unused: number;
    remove: number;
    repack: number;
    repackRemoved: number;
    unreferenced: number;
  };
  packs: {
    used: number;
    partlyUsed: number;
    unused: number;
    unreferenced: number;
    missing: number;
    keep: number;
    repack: number;
    remove: number;
  };
}

export interface PackInfo {
  id: string;
  entries: PackEntry[];
  /** Its size in storage. */
  size: number;
  /** The entries whose copy in this pack is the one that counts as used. */
  used: PackEntry[];
  usedBytes: number;
  unusedBytes: number;
  type: "data" | "tree" | "mixed";
}

export interface PrunePlan {
  indexIds: string[];
  /** Every indexed pack that exists, in index order. */
  packs: Map<string, PackInfo>;
  keep: Set<string>;
  remove: Set<string>;
  repack: Set<string>;
  unreferenced: { id: string; size: number }[];
  missing: string[];
  stats: PruneStats;
}

/** The pack's size as its index entries imply: blobs, sealed header, length field. */
export function packSizeFromIndex(entries: readonly PackEntry[]): number {
  const blobs = entries.reduce((n, e) => n + e.length, 0);
  const header = entries.reduce((n, e) => n + (e.uncompressedLength === undefined ? 37 : 41), 0);
  return blobs + 32 + header + 4;
}

/** The most unused data allowed to remain, given the data in use. */
export function maxUnusedBytes(limit: MaxUnused, usedBytes: number): number {
  if (limit.kind === "unlimited") return Infinity;
  if (limit.kind === "bytes") return limit.bytes;
  return Math.floor((limit.percent / (100 - limit.percent)) * usedBytes);
}

async function readIndexFiles(repo: Repository): Promise<{ indexIds: string[]; entries: Map<string, PackEntry[]> }> {
  const indexIds = await repo.backend.listIds("index");
  const entries = new Map<string, PackEntry[]>();
  const seen = new Set<string>();
  for (const id of indexIds) {
    for (const pack of decodeIndex(await repo.loadUnpacked("index", id), id).packs) {
      const list = entries.get(pack.id) ?? [];
      for (const blob of pack.blobs) {
        const key = `${pack.id}/${blob.type}:${blob.id}@${blob.offset}`;
        if (seen.has(key)) continue;
        seen.add(key);
        list.push(blob);
      }
      entries.set(pack.id, list);
    }
  }
  return { indexIds, entries };
}

async function findUsed(repo: Repository, index: MasterIndex, options: PlanOptions): Promise<Set<BlobHandle>> {
  const ignore = new Set(options.ignoreSnapshots ?? []);
  const roots = (await listSnapshots(repo)).filter((s) => !ignore.has(s.id)).map((s) => s.snapshot.tree);
  options.onProgress?.(`finding data that is still in use for ${roots.length} snapshots`);
  return collectUsedBlobs(async (id) => {
    const at = index.lookup("tree", id);
    if (!at) throw new RepoError("BlobNotFound", `prune: tree ${id} is in no pack of the repository; run check`);
    const sealed = await repo.backend.load("pack", at.packId, { offset: at.offset, length: at.length });
    return decodeBlob(repo.key, sealed, id, at.uncompressedLength);
  }, roots);
}

/** Which pack's copy of each used blob counts (see the module comment). */
function assignCopies(packs: Map<string, PackEntry[]>, used: Set<BlobHandle>): Map<BlobHandle, string> {
  const copies = new Map<BlobHandle, string[]>();
  const usedIn = new Map<string, number>();
  for (const [packId, entries] of packs) {
    let n = 0;
    for (const e of entries) {
      const handle = blobHandle(e.type, e.id);
      if (!used.has(handle)) continue;
      n++;
      const list = copies.get(handle) ?? [];
      if (!list.includes(packId)) list.push(packId);
      copies.set(handle, list);
    }
    usedIn.set(packId, n);
  }
  const missing = [...used].filter((h) => !copies.has(h));
  if (missing.length > 0) {
    throw new RepoError(
      "BlobNotFound",
      `prune: ${missing.length} blob(s) in use are in no pack of the repository (first: ${missing[0]}); ` +
        "nothing was changed — run check",
    );
  }
  const singles = new Map<string, number>();
  for (const list of copies.values())
    if (list.length === 1 && list[0]) singles.set(list[0], (singles.get(list[0]) ?? 0) + 1);
  const score = (packId: string): [number, number] => [
    singles.get(packId) ?? 0,
    usedIn.get(packId) === packs.get(packId)?.length ? 1 : 0,
  ];
  const assigned = new Map<BlobHandle, string>();
  for (const [handle, list] of copies) {
    let best = list[0] ?? "";
    for (const candidate of list.slice(1)) {
      const [a, b] = [score(candidate), score(best)];
      if (a[0] > b[0] || (a[0] === b[0] && a[1] > b[1])) best = candidate;
    }
    assigned.set(handle, best);
  }
  return assigned;
}

function emptyStats(): PruneStats {
  return {
    blobs: { used: 0, duplicate: 0, unused: 0, remove: 0, repack: 0, repackRemoved: 0 },
    bytes: { used: 0, duplicate: 0, unused: 0, remove: 0, repack: 0, repackRemoved: 0, unreferenced: 0 },
    packs: { used: 0, partlyUsed: 0, unused: 0, unreferenced: 0, missing: 0, keep: 0, repack: 0, remove: 0 },
  };
}

function describePack(
  id: string,
  entries: PackEntry[],
  size: number,
  context: { used: Set<BlobHandle>; assigned: Map<BlobHandle, string>; stats: PruneStats },
): PackInfo {
  const overhead = packSizeFromIndex(entries) - entries.reduce((n, e) => n + e.length, 0);
  const info: PackInfo = { id, entries, size, used: [], usedBytes: overhead, unusedBytes: 0, type: "data" };
  const counted = new Set<BlobHandle>();
  const types = new Set(entries.map((e) => e.type));
  info.type = types.size > 1 ? "mixed" : types.has("tree") ? "tree" : "data";
  const { blobs, bytes } = context.stats;
  for (const e of entries) {
    const handle = blobHandle(e.type, e.id);
    if (context.assigned.get(handle) === id && !counted.has(handle)) {
      counted.add(handle);
      info.used.push(e);
      info.usedBytes += e.length;
      blobs.used++;
      bytes.used += e.length;
    } else {
      info.unusedBytes += e.length;
      if (context.used.has(handle)) {
        blobs.duplicate++;
        bytes.duplicate += e.length;
      } else {
        blobs.unused++;
        bytes.unused += e.length;
      }
    }
  }
  return info;
}

/** restic's target: 4/5 of max(4 MiB, the 3rd-percentile pack size). */
function targetPackSize(packs: Iterable<PackInfo>): number {
  const sizes = [...packs].map((p) => p.size).sort((a, b) => a - b);
  if (sizes.length === 0) return 0;
  return Math.floor((Math.max(minPackSize, sizes[Math.floor((sizes.length * 3) / 100)] ?? 0) * 4) / 5);
}

function chooseRepacks(plan: PrunePlan, candidates: PackInfo[], options: PlanOptions): void {
  const target = targetPackSize(plan.packs.values());
  const small = (p: PackInfo): number => (p.size < target ? 0 : 1);
  const nonData = (p: PackInfo): number => (p.type === "data" ? 1 : 0);
  candidates.sort(
    (a, b) =>
      nonData(a) - nonData(b) ||
      small(a) - small(b) ||
      b.unusedBytes / Math.max(1, b.usedBytes) - a.unusedBytes / Math.max(1, a.usedBytes),
  );
  const { stats } = plan;
  const limit = maxUnusedBytes(options.maxUnused ?? defaultMaxUnused, stats.bytes.used);
  const maxRepack = options.maxRepackBytes ?? Infinity;
  for (const p of candidates) {
    const remainingUnused = stats.bytes.unused + stats.bytes.duplicate - stats.bytes.remove - stats.bytes.repackRemoved;
    if (stats.bytes.repack + p.size >= maxRepack) plan.keep.add(p.id);
    else if (p.type !== "data") plan.repack.add(p.id);
    else if (remainingUnused < limit && p.size >= target) plan.keep.add(p.id);
    else plan.repack.add(p.id);
    if (plan.repack.has(p.id)) {
      stats.blobs.repack += p.entries.length;
      stats.blobs.repackRemoved += p.entries.length - p.used.length;
      stats.bytes.repack += p.size;
      stats.bytes.repackRemoved += p.unusedBytes;
    }
  }
}

function decide(plan: PrunePlan, options: PlanOptions): void {
  const { stats } = plan;
  const candidates: PackInfo[] = [];
  for (const p of plan.packs.values()) {
    if (p.used.length === 0) {
      stats.packs.unused++;
      plan.remove.add(p.id);
      stats.blobs.remove += p.entries.length;
      stats.bytes.remove += p.unusedBytes;
    } else if (p.used.length === p.entries.length) {
      stats.packs.used++;
      if (p.type === "mixed") candidates.push(p);
      else plan.keep.add(p.id);
    } else {
      stats.packs.partlyUsed++;
      candidates.push(p);
    }
  }
  chooseRepacks(plan, candidates, options);
  stats.packs.keep = plan.keep.size;
  stats.packs.repack = plan.repack.size;
  stats.packs.remove = plan.remove.size;
}

/** Reads index, snapshots and trees and decides; changes nothing. Needs an exclusive lock held. */
export async function planPrune(repo: Repository, options: PlanOptions = {}): Promise<PrunePlan> {
  options.onProgress?.("loading index files");
  const { indexIds, entries } = await readIndexFiles(repo);
  const existing = new Map<string, number>();
  for await (const file of repo.backend.list("pack")) existing.set(file.id, file.size);
  const stats = emptyStats();
  const plan: PrunePlan = {
    indexIds,
    packs: new Map(),
    keep: new Set(),
    remove: new Set(),
    repack: new Set(),
    unreferenced: [...existing].filter(([id]) => !entries.has(id)).map(([id, size]) => ({ id, size })),
    missing: [...entries.keys()].filter((id) => !existing.has(id)),
    stats,
  };
  const present = new Map([...entries].filter(([id]) => existing.has(id)));
  const index = new MasterIndex();
  for (const [id, blobs] of present) index.addPack({ id, blobs } satisfies IndexPack);
  const used = await findUsed(repo, index, options);
  options.onProgress?.("searching used packs");
  const assigned = assignCopies(present, used);
  for (const [id, blobs] of present) {
    const size = existing.get(id) ?? 0;
    const info = describePack(id, blobs, size, { used, assigned, stats });
    if (info.used.length > 0 && packSizeFromIndex(blobs) !== size) {
      throw new RepoError(
        "InvalidFormat",
        `prune: pack ${id} is ${size} bytes but its index entries make ${packSizeFromIndex(blobs)}; ` +
          "the index is damaged — nothing was changed",
      );
    }
    plan.packs.set(id, info);
  }
  stats.packs.unreferenced = plan.unreferenced.length;
  stats.bytes.unreferenced = plan.unreferenced.reduce((n, p) => n + p.size, 0);
  stats.packs.missing = plan.missing.length;
  decide(plan, options);
  return plan;
}
