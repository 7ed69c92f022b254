/**
 * Snapshot documents as restic v0.19.1 writes them: `json.Marshal` of restic's `Snapshot`, no
 * trailing newline (unlike tree blobs, tree.ts). The bytes are then stored as an unpacked file
 * (compressed and encrypted), so they do not decide the snapshot ID; matching them exactly keeps
 * the documents indistinguishable from restic's all the same. Fields, in order:
 *
 *   time               always (RFC 3339, time.ts; not year-clamped: out of range throws)
 *   parent             omitted when absent
 *   tree               always
 *   paths              always (`[]` when empty)
 *   hostname, username omitted when empty
 *   uid, gid           omitted when 0
 *   excludes, tags     omitted when empty
 *   original           omitted when absent (the first ID when restic rewrote the metadata)
 *   program_version    omitted when empty
 *   summary            omitted when absent; all fields always, in restic's order: backup_start,
 *                      backup_end, files_new, files_changed, files_unmodified, dirs_new,
 *                      dirs_changed, dirs_unmodified, data_blobs, tree_blobs, data_added,
 *                      data_added_packed, total_files_processed, total_bytes_processed
 *
 * Summary counters are JavaScript numbers (restic's are 64-bit; anything past 2^53 throws).
 * Decoding follows Go's rules (go-decode.ts); a missing or null `tree` throws RepoError
 * "InvalidFormat" (restic refuses such a snapshot too), a null `paths` reads as `[]`.
 */
import { RepoError } from "../errors.ts";
import {
  fail,
  objectFields,
  readArray,
  readId,
  readSafeInteger,
  readString,
  readStringItem,
  readTime,
} from "./go-decode.ts";
import { goJsonString } from "./go-json.ts";
import { parseJson } from "./json-read.ts";
import type { JsonValue } from "./json-read.ts";
import { formatGoTime, goZeroTime } from "./time.ts";
import type { GoTime } from "./time.ts";

export interface SnapshotSummary {
  backupStart: GoTime;
  backupEnd: GoTime;
  filesNew: number;
  filesChanged: number;
  filesUnmodified: number;
  dirsNew: number;
  dirsChanged: number;
  dirsUnmodified: number;
  dataBlobs: number;
  treeBlobs: number;
  dataAdded: number;
  dataAddedPacked: number;
  totalFilesProcessed: number;
  totalBytesProcessed: number;
}

export interface Snapshot {
  time: GoTime;
  parent?: string;
  tree: string;
  paths: string[];
  hostname?: string;
  username?: string;
  uid?: number;
  gid?: number;
  excludes?: string[];
  tags?: string[];
  original?: string;
  programVersion?: string;
  summary?: SnapshotSummary;
}

/** Summary fields: JSON key, property, and whether the Go type is signed (`int`) rather than unsigned. */
const counters: readonly [key: string, property: keyof SnapshotSummary, signed: boolean][] = [
  ["files_new", "filesNew", false],
  ["files_changed", "filesChanged", false],
  ["files_unmodified", "filesUnmodified", false],
  ["dirs_new", "dirsNew", false],
  ["dirs_changed", "dirsChanged", false],
  ["dirs_unmodified", "dirsUnmodified", false],
  ["data_blobs", "dataBlobs", true],
  ["tree_blobs", "treeBlobs", true],
  ["data_added", "dataAdded", false],
  ["data_added_packed", "dataAddedPacked", false],
  ["total_files_processed", "totalFilesProcessed", false],
  ["total_bytes_processed", "totalBytesProcessed", false],
];

const idPattern = /^[0-9a-f]{64}$/;

function invalidArgument(field: string, why: string): never {
  throw new RepoError("InvalidArgument", `snapshot ${field}: ${why}`);
}

function idText(field: string, id: string): string {
  if (!idPattern.test(id)) invalidArgument(field, `${JSON.stringify(id)} is not a lower-case hex ID`);
  return `"${id}"`;
}

function integerText(field: string, value: number, signed: boolean, max = Number.MAX_SAFE_INTEGER): string {
  if (!Number.isSafeInteger(value) || value > max || (!signed && value < 0)) {
    invalidArgument(field, `${value} is not a valid ${signed ? "int" : "uint"}`);
  }
  return String(value);
}

const timeText = (t: GoTime): string => `"${formatGoTime(t.epochNs, t.offsetMinutes)}"`;
const stringsText = (items: readonly string[]): string => `[${items.map((s) => goJsonString(s)).join(",")}]`;

function summaryText(summary: SnapshotSummary): string {
  const parts = [`"backup_start":${timeText(summary.backupStart)}`, `"backup_end":${timeText(summary.backupEnd)}`];
  for (const [key, property, signed] of counters) {
    parts.push(`"${key}":${integerText(key, summary[property] as number, signed)}`);
  }
  return `{${parts.join(",")}}`;
}

/** The snapshot document's bytes (before compression and encryption). */
export function encodeSnapshot(s: Snapshot): Buffer {
  const optional = (value: string | number | undefined): boolean => value !== undefined && value !== "" && value !== 0;
  const fields: [string, string | undefined][] = [
    ["time", timeText(s.time)],
    ["parent", s.parent === undefined ? undefined : idText("parent", s.parent)],
    ["tree", idText("tree", s.tree)],
    ["paths", stringsText(s.paths)],
    ["hostname", optional(s.hostname) ? goJsonString(s.hostname ?? "") : undefined],
    ["username", optional(s.username) ? goJsonString(s.username ?? "") : undefined],
    ["uid", optional(s.uid) ? integerText("uid", s.uid ?? 0, false, 0xffff_ffff) : undefined],
    ["gid", optional(s.gid) ? integerText("gid", s.gid ?? 0, false, 0xffff_ffff) : undefined],
    ["excludes", s.excludes?.length ? stringsText(s.excludes) : undefined],
    ["tags", s.tags?.length ? stringsText(s.tags) : undefined],
    ["original", s.original === undefined ? undefined : idText("original", s.original)],
    ["program_version", optional(s.programVersion) ? goJsonString(s.programVersion ?? "") : undefined],
    ["summary", s.summary === undefined ? undefined : summaryText(s.summary)],
  ];
  const present = fields.filter((field): field is [string, string] => field[1] !== undefined);
  return Buffer.from(`{${present.map(([key, value]) => `"${key}":${value}`).join(",")}}`, "utf8");
}

const snapshotFields = [
  "time",
  "parent",
  "tree",
  "paths",
  "hostname",
  "username",
  "uid",
  "gid",
  "excludes",
  "tags",
  "original",
  "program_version",
  "summary",
] as const;

function readSummary(value: JsonValue | undefined): SnapshotSummary | undefined {
  if (value === undefined || value.kind === "null") return undefined;
  const fields = objectFields(value, ["backup_start", "backup_end", ...counters.map(([key]) => key)], "summary");
  const summary: Record<string, unknown> = {
    backupStart: readTime(fields.get("backup_start"), "summary.backup_start") ?? goZeroTime,
    backupEnd: readTime(fields.get("backup_end"), "summary.backup_end") ?? goZeroTime,
  };
  for (const [key, property, signed] of counters) {
    summary[property] = readSafeInteger(fields.get(key), `summary.${key}`, 64, signed) ?? 0;
  }
  return summary as unknown as SnapshotSummary;
}

function readIdField(fields: Map<string, JsonValue>, key: string): string | undefined {
  const value = fields.get(key);
  return value === undefined ? undefined : readId(value, key, true);
}

function readStrings(fields: Map<string, JsonValue>, key: string): string[] | undefined {
  const items = readArray(fields.get(key), key, readStringItem);
  return items && items.length > 0 ? items : undefined;
}

/** Reads a snapshot document (plain JSON, after decryption and decompression). */
export function decodeSnapshot(bytes: Uint8Array | string): Snapshot {
  const fields = objectFields(parseJson(bytes), snapshotFields, "snapshot");
  const tree = readIdField(fields, "tree");
  if (tree === undefined) fail("tree", "snapshot has no tree");
  const snapshot: Snapshot = {
    time: readTime(fields.get("time"), "time") ?? goZeroTime,
    parent: readIdField(fields, "parent"),
    tree,
    paths: readArray(fields.get("paths"), "paths", readStringItem) ?? [],
    hostname: readString(fields.get("hostname"), "hostname"),
    username: readString(fields.get("username"), "username"),
    uid: readSafeInteger(fields.get("uid"), "uid", 32),
    gid: readSafeInteger(fields.get("gid"), "gid", 32),
    excludes: readStrings(fields, "excludes"),
    tags: readStrings(fields, "tags"),
    original: readIdField(fields, "original"),
    programVersion: readString(fields.get("program_version"), "program_version"),
    summary: readSummary(fields.get("summary")),
  };
  const entries = Object.entries(snapshot).filter(([, v]) => v !== undefined && v !== "" && v !== 0);
  return Object.fromEntries(entries) as unknown as Snapshot;
}
