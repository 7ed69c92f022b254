import { test } from "node:test";
import assert from "node:assert/strict";
import {
  goMode,
  goModeFromStat,
  nodeTypeFromGoMode,
  nodeTypeFromStat,
  resticModeMask,
  statModeFromGo,
} from "./mode.ts";

const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const S_IFIFO = 0o010000;
const S_IFSOCK = 0o140000;
const S_IFCHR = 0o020000;
const S_IFBLK = 0o060000;

test("modes restic v0.19.1 stored for real files", () => {
  assert.equal(goModeFromStat(S_IFREG | 0o644), 420);
  assert.equal(goModeFromStat(S_IFREG | 0o600), 384);
  assert.equal(goModeFromStat(S_IFREG | 0o4755), 8389101, "setuid file");
  assert.equal(goModeFromStat(S_IFDIR | 0o755), 2147484141);
  assert.equal(goModeFromStat(S_IFDIR | 0o2750), 2151678440, "setgid directory");
  assert.equal(goModeFromStat(S_IFDIR | 0o1777), 2148532735, "sticky directory");
  assert.equal(goModeFromStat(S_IFLNK | 0o777), 134218239);
  assert.equal(goModeFromStat(S_IFIFO | 0o644), 33554852);
});

test("every type and special bit maps to Go's bits", () => {
  assert.equal(goModeFromStat(S_IFSOCK | 0o755), (goMode.socket | 0o755) >>> 0);
  assert.equal(goModeFromStat(S_IFCHR | 0o620), (goMode.device | goMode.charDevice | 0o620) >>> 0);
  assert.equal(goModeFromStat(S_IFBLK | 0o660), (goMode.device | 0o660) >>> 0);
  assert.equal(goModeFromStat(S_IFREG | 0o7777), (goMode.setuid | goMode.setgid | goMode.sticky | 0o777) >>> 0);
  assert.equal(goModeFromStat(0o170000 | 0o644), 0o644, "an unknown type gets no type bits, as in Go");
  assert.equal(resticModeMask, 0x8ff801ff);
});

test("statModeFromGo inverts goModeFromStat", () => {
  for (const type of [S_IFREG, S_IFDIR, S_IFLNK, S_IFIFO, S_IFSOCK, S_IFCHR, S_IFBLK]) {
    for (const perm of [0, 0o644, 0o755, 0o4755, 0o2750, 0o1777, 0o7777]) {
      assert.equal(statModeFromGo(goModeFromStat(type | perm)), type | perm);
    }
  }
  assert.equal(statModeFromGo(0o644), S_IFREG | 0o644);
  assert.equal(statModeFromGo((goMode.irregular | 0o644) >>> 0), 0o644, "irregular has no st_mode type");
});

test("node types", () => {
  const cases: [number, string][] = [
    [S_IFREG, "file"],
    [S_IFDIR, "dir"],
    [S_IFLNK, "symlink"],
    [S_IFIFO, "fifo"],
    [S_IFSOCK, "socket"],
    [S_IFCHR, "chardev"],
    [S_IFBLK, "dev"],
    [0o170000, "file"],
  ];
  for (const [stat, type] of cases) assert.equal(nodeTypeFromStat(stat | 0o644), type);
  assert.equal(nodeTypeFromGoMode(goMode.irregular), "irregular");
  assert.equal(nodeTypeFromGoMode(goMode.dir | goMode.symlink), undefined);
  assert.equal(nodeTypeFromGoMode(goMode.append | 0o644), "file", "non-type bits do not matter");
});
