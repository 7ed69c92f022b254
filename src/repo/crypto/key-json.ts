/**
 * The JSON rules that key files and the master key need, so that what Lifeboat writes is
 * byte for byte what Go's encoding/json writes for restic's structs:
 * - strings: like JSON.stringify, except that Go also escapes "<", ">", "&", U+2028 and U+2029
 *   as \u00XX / \u20XX, and writes each lone surrogate (text that is not valid UTF-16) as the escape \ufffd;
 * - []byte: standard base64 with padding;
 * - time.Time: RFC 3339 with up to nine fraction digits, trailing zeros dropped, and the zone as
 *   "Z" when the offset is zero, otherwise ±hh:mm.
 *
 * Reading is plain JSON.parse behind checks that turn every malformation into InvalidFormat.
 */
import { RepoError } from "../errors.ts";

const goEscaped = /[<>&\u2028\u2029]/g;

function escapeLikeGo(text: string): string {
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(goEscaped, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A JSON string literal, byte for byte as Go's json.Marshal writes it. */
export function goJsonString(s: string): string {
  return `"${s
    .split(/\p{Cs}/u)
    .map(escapeLikeGo)
    .join("\\ufffd")}"`;
}

const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A []byte JSON field: standard padded base64, anything else is InvalidFormat. */
export function decodeGoBytes(value: unknown, field: string): Buffer {
  if (typeof value !== "string" || !base64.test(value)) {
    throw new RepoError("InvalidFormat", `${field} is not standard base64`);
  }
  return Buffer.from(value, "base64");
}

function pad(n: number, width: number): string {
  return String(Math.abs(n)).padStart(width, "0");
}

/** A time.Time as MarshalJSON writes it (RFC3339Nano), in the process's local time zone. */
export function goTime(date: Date): string {
  const year = date.getFullYear();
  if (!Number.isFinite(date.getTime()) || year < 0 || year > 9999) {
    throw new RepoError("InvalidArgument", `time ${String(date)} cannot be written as RFC 3339`);
  }
  const day = `${pad(year, 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)}`;
  const clock = `${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)}`;
  const ms = date.getMilliseconds();
  const fraction = ms === 0 ? "" : `.${pad(ms, 3).replace(/0+$/, "")}`;
  const offset = -date.getTimezoneOffset();
  const zone =
    offset === 0 ? "Z" : `${offset < 0 ? "-" : "+"}${pad(Math.trunc(offset / 60), 2)}:${pad(offset % 60, 2)}`;
  return `${day}T${clock}${fraction}${zone}`;
}

/** `value` is a JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses UTF-8 JSON that must be an object; anything else is InvalidFormat naming `what`. */
export function parseJsonObject(bytes: Uint8Array, what: string): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (err) {
    throw new RepoError("InvalidFormat", `${what} is not UTF-8 JSON`, { cause: err });
  }
  if (!isJsonObject(json)) throw new RepoError("InvalidFormat", `${what} is not a JSON object`);
  return json;
}
