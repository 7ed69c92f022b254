/**
 * The blobs a set of snapshots uses: every tree blob reachable from their root trees and every
 * data blob named in a file's content. Trees are read level by level, a few at a time, and each
 * tree is read once however many snapshots share it. Handles are `"tree:<id>"` / `"data:<id>"`,
 * since a tree and a data blob may have the same id.
 */
import type { TreeNode } from "./format/node.ts";
import { decodeTree } from "./format/tree.ts";
import type { BlobType } from "./pack/header.ts";

export type BlobHandle = `${BlobType}:${string}`;

export function blobHandle(type: BlobType, id: string): BlobHandle {
  return `${type}:${id}`;
}

export function parseHandle(handle: BlobHandle): { type: BlobType; id: string } {
  const colon = handle.indexOf(":");
  return { type: handle.slice(0, colon) as BlobType, id: handle.slice(colon + 1) };
}

export interface UsedBlobsOptions {
  /** Trees read in parallel (default 8). */
  concurrency?: number;
  onTree?: (treesDone: number) => void;
}

/** Walks the trees below `roots`; `loadTree` returns a tree blob's plaintext. */
export async function collectUsedBlobs(
  loadTree: (id: string) => Promise<Uint8Array>,
  roots: Iterable<string>,
  options: UsedBlobsOptions = {},
): Promise<Set<BlobHandle>> {
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const used = new Set<BlobHandle>();
  const enqueue = (id: string, into: string[]): void => {
    const handle = blobHandle("tree", id);
    if (used.has(handle)) return;
    used.add(handle);
    into.push(id);
  };
  let level: string[] = [];
  for (const root of roots) enqueue(root, level);
  let treesDone = 0;
  while (level.length > 0) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += concurrency) {
      const batch = level.slice(i, i + concurrency);
      const trees: TreeNode[][] = await Promise.all(batch.map(async (id) => decodeTree(await loadTree(id))));
      for (const node of trees.flat()) {
        for (const id of node.content ?? []) used.add(blobHandle("data", id));
        if (node.type === "dir" && node.subtree) enqueue(node.subtree, next);
      }
      treesDone += batch.length;
      options.onTree?.(treesDone);
    }
    level = next;
  }
  return used;
}
