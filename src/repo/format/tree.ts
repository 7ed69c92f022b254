/**
 * Tree blobs: a directory's nodes as restic stores them. The tree ID is the SHA-256 of exactly
 * these bytes, so Lifeboat and restic agree on it only when the bytes are identical:
 * `{"nodes":[` + each node's JSON (node.ts) joined by `,` + `]}` + `\n`. The trailing newline is
 * restic's (its tree builder appends it to match `json.Encoder` output); snapshots, by contrast,
 * are plain `json.Marshal` output without one (snapshot.ts).
 *
 * Nodes must be in strictly increasing byte order of their names, which also rules out
 * duplicates and (as in restic) an empty name; otherwise encoding throws RepoError
 * "InvalidFormat".
 *
 * Decoding mirrors restic's tree reader: the top level must be an object; keys before the first
 * `"nodes"` key (exact spelling) and everything after its array are skipped; `"nodes"` must be
 * an array of node objects. Node order is not checked on read (restic's reader does not either;
 * `compareNames` is there for callers that want to).
 */
import { RepoError } from "../errors.ts";
import { quoteName } from "./go-quote.ts";
import { decodeNode, encodeNode } from "./node.ts";
import type { TreeNode } from "./node.ts";
import { parseJson } from "./json-read.ts";

/** Byte order of names, as Go compares strings: negative, zero or positive. */
export function compareNames(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(a, b);
}

/** The tree blob's bytes for these nodes. */
export function encodeTree(nodes: readonly TreeNode[]): Buffer {
  const parts: string[] = [];
  let last: Buffer | undefined;
  for (const node of nodes) {
    if (node.name.length === 0 || (last !== undefined && compareNames(node.name, last) <= 0)) {
      throw new RepoError(
        "InvalidFormat",
        `tree nodes not in strictly increasing name order at "${quoteName(node.name)}"`,
      );
    }
    last = node.name;
    parts.push(encodeNode(node));
  }
  return Buffer.from(`{"nodes":[${parts.join(",")}]}\n`, "utf8");
}

/** Reads a tree blob. */
export function decodeTree(bytes: Uint8Array | string): TreeNode[] {
  const top = parseJson(bytes);
  if (top.kind !== "object") throw new RepoError("InvalidFormat", `tree: expected an object, got ${top.kind}`);
  const nodes = top.entries.find(([key]) => key === "nodes")?.[1];
  if (nodes === undefined) throw new RepoError("InvalidFormat", 'tree: no "nodes" key');
  if (nodes.kind !== "array") throw new RepoError("InvalidFormat", `tree: "nodes" is ${nodes.kind}, not an array`);
  return nodes.items.map((item, i) => {
    if (item.kind !== "object") throw new RepoError("InvalidFormat", `tree: node ${i} is ${item.kind}, not an object`);
    return decodeNode(item);
  });
}
