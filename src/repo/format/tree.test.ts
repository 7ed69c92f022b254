import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { RepoError } from "../errors.ts";
import type { TreeNode } from "./node.ts";
import { fixTime } from "./time.ts";
import { compareNames, decodeTree, encodeTree } from "./tree.ts";
import { resticDocuments } from "./testdata/load.ts";
import { clampedNodes, dataNodes, stJohnsNodes } from "./testdata/restic-nodes.ts";

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");
const trees = resticDocuments("tree");

function captured(id: string): Buffer {
  const bytes = trees.get(id);
  assert.ok(bytes, `fixture tree ${id}`);
  return bytes;
}

test("every captured restic tree decodes and re-encodes to identical bytes", () => {
  assert.ok(trees.size >= 10);
  for (const [id, bytes] of trees) {
    assert.equal(sha256(bytes), id, "fixture integrity");
    const again = encodeTree(decodeTree(bytes));
    assert.equal(again.toString(), bytes.toString(), id);
    assert.equal(sha256(again), id);
  }
});

test("trees built from lstat-style literals have restic's tree IDs", () => {
  const cases: [string, TreeNode[]][] = [
    ["cd7d862c20f2cfa91e00f3288aa500cf27340b2e179469d58a7ece44de77eb8a", dataNodes],
    ["68019af2302d104c5d8331a99ee4ac7e8289faf5d91a3e521fe4fc7897c37d6b", clampedNodes],
    ["fc22bda24749797b08270cf5131c081caa6d0f52663d603a7e285c8b849615ae", stJohnsNodes],
  ];
  for (const [id, nodes] of cases) {
    const bytes = encodeTree(nodes);
    assert.equal(bytes.toString(), captured(id).toString(), id);
    assert.equal(sha256(bytes), id);
  }
});

test("decoding a captured tree gives the literals back", () => {
  assert.deepEqual(decodeTree(captured("cd7d862c20f2cfa91e00f3288aa500cf27340b2e179469d58a7ece44de77eb8a")), dataNodes);
  assert.deepEqual(
    decodeTree(captured("fc22bda24749797b08270cf5131c081caa6d0f52663d603a7e285c8b849615ae")),
    stJohnsNodes,
  );
  const clamped = clampedNodes.map((n) => ({ ...n, mtime: fixTime(n.mtime), atime: fixTime(n.atime) }));
  assert.deepEqual(decodeTree(captured("68019af2302d104c5d8331a99ee4ac7e8289faf5d91a3e521fe4fc7897c37d6b")), clamped);
});

test("an empty tree, and the trailing newline", () => {
  assert.equal(encodeTree([]).toString(), '{"nodes":[]}\n');
  assert.deepEqual(decodeTree('{"nodes":[]}\n'), []);
});

test("names must be non-empty and strictly increasing in byte order", () => {
  const [first, second] = dataNodes as [TreeNode, TreeNode];
  const order = (nodes: TreeNode[]): void => {
    assert.throws(
      () => encodeTree(nodes),
      (err) => RepoError.is(err, "InvalidFormat"),
    );
  };
  order([second, first]);
  order([first, first]);
  order([{ ...first, name: Buffer.alloc(0) }]);
  // Byte order, not UTF-16 order: U+FFFF (ef bf bf) sorts before U+10000 (f0 90 80 80).
  const bmp = { ...first, name: Buffer.from("\uffff") };
  const astral = { ...first, name: Buffer.from("\u{10000}") };
  assert.ok("\u{10000}" < "\uffff", "JavaScript string order disagrees");
  assert.ok(compareNames(bmp.name, astral.name) < 0);
  assert.doesNotThrow(() => encodeTree([bmp, astral]));
  order([astral, bmp]);
  assert.ok(compareNames(Buffer.from([0x61]), Buffer.from([0x61, 0x00])) < 0);
});

test("decoding accepts any layout restic's reader accepts", () => {
  const node = '{"name":"a","type":"dir","content":null}';
  assert.equal(decodeTree(` { "x" : 1 , "nodes" : [ ${node} ] , "y" : [ ] } `).length, 1);
  assert.equal(decodeTree(`{"nodes":[${node}],"nodes":"ignored"}`).length, 1, "only the first nodes key counts");
  const bad = ["[]", "{}", '{"Nodes":[]}', '{"nodes":null}', '{"nodes":[null]}', '{"nodes":[1]}', '{"nodes":[]} x'];
  for (const text of bad) {
    assert.throws(
      () => decodeTree(text),
      (err) => RepoError.is(err, "InvalidFormat"),
      text,
    );
  }
});
