import { test } from "node:test";
import assert from "node:assert/strict";
import { RepoError } from "../errors.ts";
import { goMode } from "./mode.ts";
import { decodeNode, encodeNode } from "./node.ts";
import type { TreeNode } from "./node.ts";

const at = (epochNs: bigint) => ({ epochNs, offsetMinutes: 0 });
const id = (c: string): string => c.repeat(64);

const base: TreeNode = {
  name: Buffer.from("f"),
  type: "file",
  mode: 0o644,
  mtime: at(1_000_000_000_500_000_000n),
  atime: at(1_000_000_000_500_000_000n),
  ctime: at(1_000_000_001_000_000_000n),
  uid: 0,
  gid: 0,
  content: [],
};

test("a minimal file: always-present fields only, content []", () => {
  assert.equal(
    encodeNode(base),
    '{"name":"f","type":"file","mode":420,"mtime":"2001-09-09T01:46:40.5Z","atime":"2001-09-09T01:46:40.5Z",' +
      '"ctime":"2001-09-09T01:46:41Z","uid":0,"gid":0,"content":[]}',
  );
  assert.equal(encodeNode({ ...base, mode: 0, content: null }).includes('"mode"'), false, "mode 0 is omitted");
  const dir = encodeNode({ ...base, type: "dir", mode: goMode.dir | 0o755, content: null });
  assert.ok(dir.includes('"mode":2147484141'), "a negative int32 mode is read as its uint32");
});

test("every field, in restic's order", () => {
  const node: TreeNode = {
    ...base,
    name: Buffer.from("a<b>"),
    type: "chardev",
    mode: (goMode.device | goMode.charDevice | 0o620) >>> 0,
    uid: 4294967295,
    gid: 5,
    user: "u&1",
    group: "g",
    inode: 18446744073709551615n,
    deviceId: 2049n,
    size: 0n,
    links: 3,
    linktarget: Buffer.from([0x61, 0xff]),
    extendedAttributes: [
      { name: "user.b", value: Buffer.from("x") },
      { name: "user.a", value: Buffer.alloc(0) },
    ],
    genericAttributes: { "windows.file_attributes": ' { "x" : 1 } ', "windows.creation_time": '"<t>"' },
    device: 1025n,
    content: null,
    subtree: id("a"),
    error: "oops",
  };
  assert.equal(
    encodeNode(node),
    '{"name":"a\\u003cb\\u003e","type":"chardev","mode":69206416,"mtime":"2001-09-09T01:46:40.5Z",' +
      '"atime":"2001-09-09T01:46:40.5Z","ctime":"2001-09-09T01:46:41Z","uid":4294967295,"gid":5,' +
      '"user":"u\\u00261","group":"g","inode":18446744073709551615,"device_id":2049,"links":3,' +
      '"linktarget":"a\\ufffd","linktarget_raw":"Yf8=","extended_attributes":[{"name":"user.b","value":"eA=="},' +
      '{"name":"user.a","value":""}],"generic_attributes":{"windows.creation_time":"\\u003ct\\u003e",' +
      '"windows.file_attributes":{"x":1}},"device":1025,"content":null,' +
      `"subtree":"${id("a")}","error":"oops"}`,
  );
});

test("a valid UTF-8 link target has no linktarget_raw", () => {
  const json = encodeNode({ ...base, type: "symlink", linktarget: Buffer.from('tä"rg<et'), content: null });
  assert.ok(json.includes('"linktarget":"tä\\"rg\\u003cet","content":null'), json);
});

test("years outside 0..9999 are clamped as restic's fixTime does", () => {
  const json = encodeNode({
    ...base,
    mtime: at(253_407_398_400_000_000_123n),
    atime: at(-70_000_000_000_000_000_000n),
  });
  assert.ok(json.includes('"mtime":"9999-03-01T00:00:00.000000123Z","atime":"0000-10-15T19:33:20Z"'), json);
});

test("encoding rejects what Go could not have written", () => {
  const invalid = (node: TreeNode): void => {
    assert.throws(
      () => encodeNode(node),
      (err) => RepoError.is(err, "InvalidArgument"),
    );
  };
  invalid({ ...base, uid: 2 ** 32 });
  invalid({ ...base, gid: -1 });
  invalid({ ...base, mode: 1.5 });
  invalid({ ...base, inode: 1n << 64n });
  invalid({ ...base, content: ["ABC"] });
  invalid({ ...base, content: [id("A")] });
  invalid({ ...base, subtree: "x" });
  invalid({ ...base, type: "door" as TreeNode["type"] });
  invalid({ ...base, genericAttributes: { a: "{" } });
  invalid({ ...base, mtime: { epochNs: 0n, offsetMinutes: 24 * 60 } });
});

test("decodeNode reads what encodeNode writes", () => {
  const node: TreeNode = {
    ...base,
    name: Buffer.from([0x6e, 0xff, 0x0a, 0x22]),
    type: "symlink",
    mode: (goMode.symlink | 0o777) >>> 0,
    mtime: { epochNs: 1_622_548_800_250_000_000n, offsetMinutes: -150 },
    user: "root",
    inode: 42n,
    deviceId: 2049n,
    links: 1,
    linktarget: Buffer.from([0xfe, 0x2f]),
    extendedAttributes: [{ name: "user.x", value: Buffer.from([0, 1]) }],
    genericAttributes: { k: '{"a":[1,2]}' },
    content: null,
  };
  assert.deepEqual(decodeNode(encodeNode(node)), node);
});

test("decoding follows Go's rules for keys, nulls and missing fields", () => {
  const node = decodeNode(
    '{"NAME":"x","Type":"file","extra":{"ignored":[1]},"uid":null,"user":null,"size":0,"inode":0,' +
      '"mtime":null,"content":null,"subtree":null,"links":7,"LINKS":8,"\u212aind":1}',
  );
  assert.deepEqual(node, {
    name: Buffer.from("x"),
    type: "file",
    mode: 0,
    mtime: { epochNs: -62_135_596_800_000_000_000n, offsetMinutes: 0 },
    atime: { epochNs: -62_135_596_800_000_000_000n, offsetMinutes: 0 },
    ctime: { epochNs: -62_135_596_800_000_000_000n, offsetMinutes: 0 },
    uid: 0,
    gid: 0,
    links: 8,
    content: null,
  });
  const upper = decodeNode(`{"name":"x","type":"dir","content":null,"subtree":"${id("A")}"}`);
  assert.equal(upper.subtree, id("a"), "IDs come back lower-case");
  const linked = decodeNode(
    '{"name":"l","type":"symlink","linktarget":"a\\ufffd","linktarget_raw":"Yf8=","content":null}',
  );
  assert.deepEqual(linked.linktarget, Buffer.from([0x61, 0xff]), "linktarget_raw wins");
});

test("decoding rejects what Go or restic would reject", () => {
  const bad = [
    "[]",
    '{"name":"x","type":"door"}',
    '{"name":"x"}',
    '{"name":"a\\\\q","type":"file"}',
    '{"name":"a\\"b","type":"file"}',
    '{"name":"x","type":"file","uid":1.0}',
    '{"name":"x","type":"file","uid":-1}',
    '{"name":"x","type":"file","uid":4294967296}',
    '{"name":"x","type":"file","size":18446744073709551616}',
    '{"name":"x","type":"file","mode":"420"}',
    '{"name":"x","type":"file","mtime":"2020\\u002d01-01T00:00:00Z"}',
    '{"name":"x","type":"file","mtime":1}',
    '{"name":"x","type":"file","content":[null]}',
    '{"name":"x","type":"file","content":["abc"]}',
    '{"name":"x","type":"file","content":{}}',
    '{"name":"x","type":"symlink","linktarget_raw":"Yf8"}',
    '{"name":"x","type":"file","extended_attributes":[1]}',
    '{"name":"x","type":"file","generic_attributes":[]}',
  ];
  for (const json of bad) {
    assert.throws(
      () => decodeNode(json),
      (err) => RepoError.is(err, "InvalidFormat"),
      json,
    );
  }
});
