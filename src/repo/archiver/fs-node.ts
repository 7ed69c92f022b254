/**
 * A tree node from a file's lstat, with the fields restic 0.19 records (checked against its
 * trees): name, type, Go mode bits, the three times in the local zone, uid/gid and their names,
 * inode and device id for every node, links and size for files (links for symlinks and device
 * nodes too), the link target, st_rdev for device nodes; atime is the mtime, as restic records it
 * unless --with-atime. Content and subtree are filled in by the archiver.
 */
import type { BigIntStats } from "node:fs";
import { goModeFromStat, nodeTypeFromStat, resticModeMask } from "../format/mode.ts";
import type { TreeNode } from "../format/node.ts";
import { localOffsetMinutes, type GoTime } from "../format/time.ts";
import type { IdNames } from "./users.ts";

function goTime(ns: bigint): GoTime {
  return { epochNs: ns, offsetMinutes: localOffsetMinutes(ns) };
}

export function nodeFromStat(name: Buffer, st: BigIntStats, names: IdNames, linktarget?: Buffer): TreeNode {
  const type = nodeTypeFromStat(Number(st.mode));
  const uid = Number(st.uid);
  const gid = Number(st.gid);
  const user = names.user(uid);
  const group = names.group(gid);
  const node: TreeNode = {
    name,
    type,
    mode: (goModeFromStat(Number(st.mode)) & resticModeMask) >>> 0,
    mtime: goTime(st.mtimeNs),
    // without --with-atime, restic records the mtime as the atime (so reading a file changes nothing)
    atime: goTime(st.mtimeNs),
    ctime: goTime(st.ctimeNs),
    uid,
    gid,
    ...(user ? { user } : {}),
    ...(group ? { group } : {}),
    inode: st.ino,
    deviceId: st.dev,
    content: type === "file" ? [] : null,
  };
  if (type === "file") {
    node.size = st.size;
    node.links = Number(st.nlink);
  }
  if (type === "symlink") {
    node.links = Number(st.nlink);
    node.linktarget = linktarget ?? Buffer.alloc(0);
  }
  if (type === "dev" || type === "chardev") {
    node.links = Number(st.nlink);
    node.device = st.rdev;
  }
  return node;
}
