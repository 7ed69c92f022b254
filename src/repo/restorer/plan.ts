/**
 * The first half of a restore: walk the snapshot's trees below the chosen path and list what to
 * create — folders, files (with where each of their blobs goes), links and special files — in
 * an order where every parent exists before its children.
 */
import path from "node:path";
import { RepoError } from "../errors.ts";
import type { TreeNode } from "../format/node.ts";
import { decodeTree } from "../format/tree.ts";
import type { Repository } from "../repository.ts";

export interface PlannedEntry {
  /** Target path as bytes (names may be any bytes). */
  path: Buffer;
  node: TreeNode;
}

export interface RestorePlan {
  dirs: PlannedEntry[];
  files: PlannedEntry[];
  others: PlannedEntry[];
  totalBytes: number;
}

function join(parent: Buffer, name: Buffer): Buffer {
  return Buffer.concat([parent, Buffer.from(parent.at(-1) === 0x2f ? "" : "/"), name]);
}

/** The tree id below `subpath` ("/" for the whole snapshot). */
async function treeAt(repo: Repository, root: string, subpath: string): Promise<{ tree: string; node?: TreeNode }> {
  let tree = root;
  let found: TreeNode | undefined;
  for (const part of subpath.split("/").filter(Boolean)) {
    const nodes = decodeTree(await repo.loadBlob("tree", tree));
    found = nodes.find((n) => n.name.toString("utf8") === part);
    if (!found) throw new RepoError("InvalidArgument", `--include: "${subpath}" is not in the snapshot`);
    if (found.type !== "dir") return { tree: "", node: found };
    tree = found.subtree ?? "";
  }
  return { tree, ...(found ? { node: found } : {}) };
}

export async function planRestore(
  repo: Repository,
  rootTree: string,
  target: string,
  include = "/",
): Promise<RestorePlan> {
  const plan: RestorePlan = { dirs: [], files: [], others: [], totalBytes: 0 };
  const start = await treeAt(repo, rootTree, include);
  const base = Buffer.from(path.resolve(target));
  if (!start.tree && start.node) {
    // a single file or link was asked for: restore it into the target folder
    add(plan, { path: join(base, start.node.name), node: start.node });
    return plan;
  }
  const walk = async (tree: string, into: Buffer): Promise<void> => {
    for (const node of decodeTree(await repo.loadBlob("tree", tree))) {
      const entry = { path: join(into, node.name), node };
      add(plan, entry);
      if (node.type === "dir" && node.subtree) await walk(node.subtree, entry.path);
    }
  };
  await walk(start.tree, base);
  return plan;
}

function add(plan: RestorePlan, entry: PlannedEntry): void {
  if (entry.node.type === "dir") plan.dirs.push(entry);
  else if (entry.node.type === "file") {
    plan.files.push(entry);
    plan.totalBytes += Number(entry.node.size ?? 0n);
  } else plan.others.push(entry);
}
