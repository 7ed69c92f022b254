/**
 * File modes as restic stores them: Go `fs.FileMode` bits, not POSIX `st_mode`. Go keeps the
 * nine permission bits in place and moves the file type and the setuid, setgid and sticky bits
 * to the top of the 32-bit word (Go's `os.Lstat` on Linux). restic keeps only the permission,
 * type, setuid, setgid and sticky bits of that.
 *
 * Linux has seven file types and each maps to one Go type; an `st_mode` with an unknown type
 * gets no type bits, which Go and restic then treat as a regular file. `irregular` (Go's
 * `ModeIrregular`) only comes from other systems, so it only appears in trees written elsewhere.
 */

/** Go `fs.FileMode` bits (as unsigned 32-bit values). */
export const goMode = {
  dir: 0x8000_0000,
  append: 0x4000_0000,
  exclusive: 0x2000_0000,
  temporary: 0x1000_0000,
  symlink: 0x0800_0000,
  device: 0x0400_0000,
  namedPipe: 0x0200_0000,
  socket: 0x0100_0000,
  setuid: 0x0080_0000,
  setgid: 0x0040_0000,
  charDevice: 0x0020_0000,
  sticky: 0x0010_0000,
  irregular: 0x0008_0000,
  perm: 0o777,
} as const;

/** All of Go's type bits (`fs.ModeType`). */
export const goModeType =
  (goMode.dir |
    goMode.symlink |
    goMode.namedPipe |
    goMode.socket |
    goMode.device |
    goMode.charDevice |
    goMode.irregular) >>>
  0;

/** The bits restic keeps of a Go mode. */
export const resticModeMask = (goMode.perm | goModeType | goMode.setuid | goMode.setgid | goMode.sticky) >>> 0;

export type NodeType = "file" | "dir" | "symlink" | "dev" | "chardev" | "fifo" | "socket" | "irregular";

export const nodeTypes: readonly NodeType[] = [
  "file",
  "dir",
  "symlink",
  "dev",
  "chardev",
  "fifo",
  "socket",
  "irregular",
];

const sIfmt = 0o170000;
const statTypes: readonly [stat: number, go: number][] = [
  [0o140000, goMode.socket],
  [0o120000, goMode.symlink],
  [0o100000, 0],
  [0o060000, goMode.device],
  [0o040000, goMode.dir],
  [0o020000, goMode.device | goMode.charDevice],
  [0o010000, goMode.namedPipe],
];
const statSpecial: readonly [stat: number, go: number][] = [
  [0o4000, goMode.setuid],
  [0o2000, goMode.setgid],
  [0o1000, goMode.sticky],
];

/** The Go mode restic stores for a POSIX `st_mode` (already masked with `resticModeMask`). */
export function goModeFromStat(stMode: number): number {
  let mode = stMode & goMode.perm;
  const type = stMode & sIfmt;
  mode |= statTypes.find(([stat]) => stat === type)?.[1] ?? 0;
  for (const [stat, go] of statSpecial) if (stMode & stat) mode |= go;
  return (mode & resticModeMask) >>> 0;
}

/** The POSIX `st_mode` for a Go mode; no Go type bits means a regular file, `irregular` gives no type. */
export function statModeFromGo(goModeBits: number): number {
  let mode = goModeBits & goMode.perm;
  for (const [stat, go] of statSpecial) if ((goModeBits & go) !== 0) mode |= stat;
  const type = (goModeBits & goModeType) >>> 0;
  if ((type & goMode.irregular) !== 0) return mode;
  const match = statTypes.find(([, go]) => go === type);
  return mode | (match?.[0] ?? 0o100000);
}

/** restic's node type for a Go mode: by the exact combination of type bits, undefined if unknown. */
export function nodeTypeFromGoMode(goModeBits: number): NodeType | undefined {
  switch ((goModeBits & goModeType) >>> 0) {
    case 0:
      return "file";
    case goMode.dir:
      return "dir";
    case goMode.symlink:
      return "symlink";
    case goMode.device | goMode.charDevice:
      return "chardev";
    case goMode.device:
      return "dev";
    case goMode.namedPipe:
      return "fifo";
    case goMode.socket:
      return "socket";
    case goMode.irregular:
      return "irregular";
    default:
      return undefined;
  }
}

/** restic's node type for a POSIX `st_mode` (an unknown type is a `file`, as in Go). */
export function nodeTypeFromStat(stMode: number): NodeType {
  return nodeTypeFromGoMode(goModeFromStat(stMode)) ?? "file";
}
