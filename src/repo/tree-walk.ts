/**
 * Walks a snapshot's trees depth-first, yielding every node with its path ("/dir/file"). The one
 * walk that ls, dump and check share. With `seen`, a tree already walked (in this or another
 * snapshot) is skipped; with `onTreeError`, a tree that cannot be loaded is reported and skipped
 * instead of ending the walk.
 */
import type { TreeNode } from "./format/node.ts";
import { decodeTree } from "./format/tree.ts";
import type { Repository } from "./repository.ts";

export interface TreeWalkOptions {
  seen?: Set<string>;
  onTreeError?: (treeId: string, dir: string, err: unknown) => void;
}

export async function* walkTree(
  repo: Repository,
  tree: string,
  options: TreeWalkOptions = {},
  dir = "",
): AsyncGenerator<{ path: string; node: TreeNode }> {
  if (options.seen) {
    if (options.seen.has(tree)) return;
    options.seen.add(tree);
  }
  let nodes: TreeNode[];
  try {
    nodes = decodeTree(await repo.loadBlob("tree", tree));
  } catch (err) {
    if (!options.onTreeError) throw err;
    options.onTreeError(tree, dir || "/", err);
    return;
  }
  for (const node of nodes) {
    const path = `${dir}/${node.name.toString("utf8")}`;
    yield { path, node };
    if (node.type === "dir" && node.subtree) yield* walkTree(repo, node.subtree, options, path);
  }
}
