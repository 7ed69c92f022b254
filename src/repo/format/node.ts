/**
 * A tree node (one directory entry) and its JSON, byte for byte as restic v0.19.1 writes it
 * (`json.Marshal` of restic's `Node`). Fields, in this order, with Go's `omitempty` rules:
 *
 *   name       always; `strconv.Quote` of the name bytes, quotes removed, then a JSON string
 *   type       always
 *   mode       Go `fs.FileMode` bits (mode.ts), omitted when 0
 *   mtime, atime, ctime   always; RFC 3339 (time.ts) after restic's year clamp (`fixTime`)
 *   uid, gid   always
 *   user, group, inode, device_id, size, links   omitted when empty / 0
 *   linktarget omitted when empty; a plain JSON string of the target, invalid UTF-8 as \ufffd
 *   linktarget_raw  base64 of the target bytes, only when they are not valid UTF-8
 *   extended_attributes  `[{"name":…,"value":base64}]` in the given order, omitted when empty
 *   generic_attributes   object with keys in byte order, values compacted raw JSON; omitted when empty
 *   device     omitted when 0
 *   content    always: `null` when absent (non-files), `[]` for an empty file
 *   subtree, error  omitted when absent / empty
 *
 * restic 0.19.1 stores `device_id` (st_dev) on every node by default (checked against a real
 * backup), so callers that want identical trees must set it; `links` only for files, symlinks
 * and device nodes; `size` only for files. Which fields to fill is the archiver's business; this
 * module only writes what it is given.
 *
 * Decoding accepts any JSON Go's decoder would take into restic's `Node` (see go-decode.ts) and
 * normalizes zero values to absent fields, so `encodeNode(decodeNode(x))` is the canonical form.
 * A non-object node, an unknown `type` or a name that does not unquote throw RepoError
 * "InvalidFormat"; a node that cannot be encoded throws "InvalidArgument".
 */
import { RepoError } from "../errors.ts";
import {
  fail,
  objectFields,
  readArray,
  readBytes,
  readId,
  readInteger,
  readSafeInteger,
  readString,
  readTime,
} from "./go-decode.ts";
import { compactGoJson, goJsonBytes, goJsonString } from "./go-json.ts";
import { quoteName, unquoteName } from "./go-quote.ts";
import { parseJson } from "./json-read.ts";
import type { JsonValue } from "./json-read.ts";
import { nodeTypes } from "./mode.ts";
import type { NodeType } from "./mode.ts";
import { fixTime, formatGoTime, goZeroTime } from "./time.ts";
import type { GoTime } from "./time.ts";
import { isValidUtf8 } from "./utf8.ts";

export type { NodeType } from "./mode.ts";
export type { GoTime } from "./time.ts";

export interface ExtendedAttribute {
  name: string;
  value: Buffer;
}

export interface TreeNode {
  /** The entry's name as bytes on disk (any bytes but "/" and NUL; may be invalid UTF-8). */
  name: Buffer;
  type: NodeType;
  /** Go `fs.FileMode` bits (mode.ts), not `st_mode`; a negative int32 (`goMode.dir | 0o755`) is taken as its uint32. */
  mode: number;
  mtime: GoTime;
  atime: GoTime;
  ctime: GoTime;
  uid: number;
  gid: number;
  user?: string;
  group?: string;
  inode?: bigint;
  /** st_dev. */
  deviceId?: bigint;
  size?: bigint;
  links?: number;
  linktarget?: Buffer;
  extendedAttributes?: ExtendedAttribute[];
  /** Attribute name → its value as raw JSON text (restic's `json.RawMessage`); Windows only in practice. */
  genericAttributes?: Record<string, string>;
  /** st_rdev of device nodes. */
  device?: bigint;
  /** Data blob IDs (lower-case hex); null for anything but a file, [] for an empty file. */
  content: string[] | null;
  /** Tree ID of a directory's contents. */
  subtree?: string;
  error?: string;
}

const idPattern = /^[0-9a-f]{64}$/;
const maxUint64 = (1n << 64n) - 1n;

function invalidArgument(field: string, why: string): never {
  throw new RepoError("InvalidArgument", `node ${field}: ${why}`);
}

/** A Go unsigned integer; `undefined` and 0 give undefined when the field is omitempty. */
function uintText(
  field: string,
  value: bigint | number | undefined,
  bits: 32 | 64,
  omitEmpty: boolean,
): string | undefined {
  if (value === undefined || value === 0 || value === 0n) return omitEmpty ? undefined : "0";
  const n = typeof value === "bigint" ? value : Number.isSafeInteger(value) ? BigInt(value) : -1n;
  if (n < 0n || n > (bits === 32 ? 0xffff_ffffn : maxUint64)) invalidArgument(field, `${value} is not a uint${bits}`);
  return n.toString();
}

function idText(field: string, id: string): string {
  if (!idPattern.test(id)) invalidArgument(field, `${JSON.stringify(id)} is not a lower-case hex ID`);
  return `"${id}"`;
}

function timeText(t: GoTime): string {
  const fixed = fixTime(t);
  return `"${formatGoTime(fixed.epochNs, fixed.offsetMinutes)}"`;
}

function genericAttributesText(attributes: Record<string, string>): string | undefined {
  const keys = Object.keys(attributes).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  if (keys.length === 0) return undefined;
  return `{${keys.map((key) => `${goJsonString(key)}:${compactGoJson(attributes[key] ?? "")}`).join(",")}}`;
}

function linkFields(target: Buffer | undefined): [string, string | undefined][] {
  if (target === undefined || target.length === 0) return [];
  const raw = isValidUtf8(target) ? undefined : goJsonBytes(target);
  return [
    ["linktarget", goJsonString(target)],
    ["linktarget_raw", raw],
  ];
}

/** The node's JSON exactly as restic writes it (no trailing newline). */
export function encodeNode(node: TreeNode): string {
  if (!nodeTypes.includes(node.type)) invalidArgument("type", JSON.stringify(node.type));
  const xattrs = node.extendedAttributes ?? [];
  const fields: [string, string | undefined][] = [
    ["name", goJsonString(quoteName(node.name))],
    ["type", goJsonString(node.type)],
    ["mode", uintText("mode", node.mode >= -0x8000_0000 && node.mode < 0 ? node.mode >>> 0 : node.mode, 32, true)],
    ["mtime", timeText(node.mtime)],
    ["atime", timeText(node.atime)],
    ["ctime", timeText(node.ctime)],
    ["uid", uintText("uid", node.uid, 32, false)],
    ["gid", uintText("gid", node.gid, 32, false)],
    ["user", node.user ? goJsonString(node.user) : undefined],
    ["group", node.group ? goJsonString(node.group) : undefined],
    ["inode", uintText("inode", node.inode, 64, true)],
    ["device_id", uintText("deviceId", node.deviceId, 64, true)],
    ["size", uintText("size", node.size, 64, true)],
    ["links", uintText("links", node.links, 64, true)],
    ...linkFields(node.linktarget),
    [
      "extended_attributes",
      xattrs.length === 0
        ? undefined
        : `[${xattrs.map((a) => `{"name":${goJsonString(a.name)},"value":${goJsonBytes(a.value)}}`).join(",")}]`,
    ],
    ["generic_attributes", genericAttributesText(node.genericAttributes ?? {})],
    ["device", uintText("device", node.device, 64, true)],
    ["content", node.content === null ? "null" : `[${node.content.map((id) => idText("content", id)).join(",")}]`],
    ["subtree", node.subtree === undefined ? undefined : idText("subtree", node.subtree)],
    ["error", node.error ? goJsonString(node.error) : undefined],
  ];
  const present = fields.filter((field): field is [string, string] => field[1] !== undefined);
  return `{${present.map(([key, value]) => `"${key}":${value}`).join(",")}}`;
}

const nodeFields = [
  "name",
  "type",
  "mode",
  "mtime",
  "atime",
  "ctime",
  "uid",
  "gid",
  "user",
  "group",
  "inode",
  "device_id",
  "size",
  "links",
  "linktarget",
  "linktarget_raw",
  "extended_attributes",
  "generic_attributes",
  "device",
  "content",
  "subtree",
  "error",
] as const;

function readXattr(value: JsonValue, field: string): ExtendedAttribute {
  const fields = objectFields(value, ["name", "value"], field);
  return {
    name: readString(fields.get("name"), `${field}.name`) ?? "",
    value: readBytes(fields.get("value"), `${field}.value`) ?? Buffer.alloc(0),
  };
}

function readGenericAttributes(value: JsonValue | undefined): Record<string, string> | undefined {
  if (value === undefined || value.kind === "null") return undefined;
  if (value.kind !== "object") fail("generic_attributes", `expected an object, got ${value.kind}`);
  const out: Record<string, string> = {};
  for (const [key, item] of value.entries) {
    Object.defineProperty(out, key, { value: item.raw, enumerable: true, writable: true, configurable: true });
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

function readName(value: JsonValue | undefined): Buffer {
  const quoted = readString(value, "name") ?? "";
  try {
    return unquoteName(quoted);
  } catch (err) {
    throw new RepoError("InvalidFormat", `name: ${(err as Error).message}`, { cause: err });
  }
}

function readLinkTarget(fields: Map<string, JsonValue>): Buffer | undefined {
  const raw = readBytes(fields.get("linktarget_raw"), "linktarget_raw");
  const target = raw ?? Buffer.from(readString(fields.get("linktarget"), "linktarget") ?? "", "utf8");
  return target.length === 0 ? undefined : target;
}

/** Keeps only the fields that are set and not zero, so decoded nodes compare equal to literals. */
function withoutEmpty(node: TreeNode): TreeNode {
  const entries = Object.entries(node).filter(([key, value]) => {
    if (key === "content" || key === "mode" || key === "uid" || key === "gid") return true;
    return value !== undefined && value !== "" && value !== 0 && value !== 0n;
  });
  return Object.fromEntries(entries) as unknown as TreeNode;
}

/** Reads one node from its JSON (text or parsed). */
export function decodeNode(json: JsonValue | string): TreeNode {
  const fields = objectFields(typeof json === "string" ? parseJson(json) : json, nodeFields, "node");
  const type = readString(fields.get("type"), "type") ?? "";
  if (!(nodeTypes as readonly string[]).includes(type)) fail("type", `unknown node type ${JSON.stringify(type)}`);
  const xattrs = readArray(fields.get("extended_attributes"), "extended_attributes", readXattr);
  return withoutEmpty({
    name: readName(fields.get("name")),
    type: type as NodeType,
    mode: readSafeInteger(fields.get("mode"), "mode", 32) ?? 0,
    mtime: readTime(fields.get("mtime"), "mtime") ?? goZeroTime,
    atime: readTime(fields.get("atime"), "atime") ?? goZeroTime,
    ctime: readTime(fields.get("ctime"), "ctime") ?? goZeroTime,
    uid: readSafeInteger(fields.get("uid"), "uid", 32) ?? 0,
    gid: readSafeInteger(fields.get("gid"), "gid", 32) ?? 0,
    user: readString(fields.get("user"), "user"),
    group: readString(fields.get("group"), "group"),
    inode: readInteger(fields.get("inode"), "inode", 64),
    deviceId: readInteger(fields.get("device_id"), "device_id", 64),
    size: readInteger(fields.get("size"), "size", 64),
    links: readSafeInteger(fields.get("links"), "links", 64),
    linktarget: readLinkTarget(fields),
    extendedAttributes: xattrs && xattrs.length > 0 ? xattrs : undefined,
    genericAttributes: readGenericAttributes(fields.get("generic_attributes")),
    device: readInteger(fields.get("device"), "device", 64),
    content: readArray(fields.get("content"), "content", (v, f) => readId(v, f, false) ?? "") ?? null,
    subtree: fields.has("subtree") ? readId(fields.get("subtree") as JsonValue, "subtree", true) : undefined,
    error: readString(fields.get("error"), "error"),
  });
}
