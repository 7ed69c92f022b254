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
import { formatGoTime, localOffsetMinutes } from "../format/time.ts";

/** A JSON string literal, byte for byte as Go's json.Marshal writes it (one implementation: format/go-json.ts). */
export { goJsonString } from "../format/go-json.ts";

const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A []byte JSON field: standard padded base64, anything else is InvalidFormat. */
export function decodeGoBytes(value: unknown, field: string): Buffer {
  if (typeof value !== "string" || !base64.test(value)) {
    throw new RepoError("InvalidFormat", `${field} is not standard base64`);
  }
  return Buffer.from(value, "base64");
}

/** A time.Time as MarshalJSON writes it (RFC3339Nano), in the process's local time zone. */
export function goTime(date: Date): string {
  if (!Number.isFinite(date.getTime())) throw new RepoError("InvalidArgument", `time ${String(date)} is not a time`);
  const epochNs = BigInt(date.getTime()) * 1_000_000n;
  return formatGoTime(epochNs, localOffsetMinutes(epochNs));
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
