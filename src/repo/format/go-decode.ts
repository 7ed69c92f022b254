/**
 * Reading parsed JSON (json-read.ts) into typed fields the way Go's `json.Unmarshal` fills a
 * struct, for the node and snapshot decoders:
 *
 * - object keys match field names exactly, or else case-insensitively (Go also folds the Kelvin
 *   sign and long s); unknown keys are ignored; for a repeated key the last one wins.
 * - `null` leaves a string, number or time at its zero value and makes a slice, map or pointer
 *   nil (`undefined` / `null` here).
 * - integers must be plain integer literals (`1.0`, `1e3`, `-1` fail for unsigned fields) and
 *   fit the Go type.
 * - `time.Time` and restic IDs read the raw quoted text, so escapes inside them are errors, as in
 *   Go; IDs are 64 hex digits in either case and come back lower-case.
 * - `[]byte` is standard base64 with padding (Go skips `\r` and `\n` inside it).
 *
 * Mismatches throw RepoError "InvalidFormat" naming the field.
 */
import { RepoError } from "../errors.ts";
import type { JsonValue } from "./json-read.ts";
import { parseGoTime } from "./time.ts";
import type { GoTime } from "./time.ts";

export function fail(field: string, why: string): never {
  throw new RepoError("InvalidFormat", `${field}: ${why}`);
}

function foldKey(key: string): string {
  return key
    .replace(/\u212a/g, "k")
    .replace(/\u017f/g, "s")
    .toLowerCase();
}

/** The values of the known fields of an object, resolved as Go resolves struct fields. */
export function objectFields(value: JsonValue, known: readonly string[], what: string): Map<string, JsonValue> {
  if (value.kind !== "object") fail(what, `expected an object, got ${value.kind}`);
  const fields = new Map<string, JsonValue>();
  for (const [key, item] of value.entries) {
    const field = known.includes(key) ? key : known.find((name) => name === foldKey(key));
    if (field !== undefined) fields.set(field, item);
  }
  return fields;
}

export function readString(value: JsonValue | undefined, field: string): string | undefined {
  if (value === undefined || value.kind === "null") return undefined;
  if (value.kind !== "string") fail(field, `expected a string, got ${value.kind}`);
  return value.value;
}

/** An integer of `bits` bits, unsigned unless `signed`. */
export function readInteger(
  value: JsonValue | undefined,
  field: string,
  bits: 32 | 64,
  signed = false,
): bigint | undefined {
  if (value === undefined || value.kind === "null") return undefined;
  if (value.kind !== "number") fail(field, `expected a number, got ${value.kind}`);
  const pattern = signed ? /^-?[0-9]+$/ : /^[0-9]+$/;
  if (!pattern.test(value.raw)) fail(field, `${value.raw} is not an integer of the field's type`);
  const n = BigInt(value.raw);
  const limit = 1n << BigInt(signed ? bits - 1 : bits);
  if (n >= limit || n < (signed ? -limit : 0n)) fail(field, `${value.raw} overflows the field`);
  return n;
}

/** An integer that must also be a safe JavaScript number. */
export function readSafeInteger(
  value: JsonValue | undefined,
  field: string,
  bits: 32 | 64,
  signed = false,
): number | undefined {
  const n = readInteger(value, field, bits, signed);
  if (n === undefined) return undefined;
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < BigInt(Number.MIN_SAFE_INTEGER)) {
    fail(field, `${n} is too large for this reader`);
  }
  return Number(n);
}

export function readTime(value: JsonValue | undefined, field: string): GoTime | undefined {
  if (value === undefined || value.kind === "null") return undefined;
  if (value.kind !== "string") fail(field, `expected a time string, got ${value.kind}`);
  try {
    return parseGoTime(value.raw.slice(1, -1));
  } catch (err) {
    throw new RepoError("InvalidFormat", `${field}: ${(err as Error).message}`, { cause: err });
  }
}

const idRaw = /^"[0-9a-fA-F]{64}"$/;

/** A restic ID (SHA-256, hex); `null` is an error unless `nullable` (a Go `*ID`). */
export function readId(value: JsonValue, field: string, nullable: boolean): string | undefined {
  if (value.kind === "null" && nullable) return undefined;
  if (!idRaw.test(value.raw)) fail(field, `invalid ID ${value.raw.slice(0, 80)}`);
  return value.raw.slice(1, -1).toLowerCase();
}

const base64Std = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function readBytes(value: JsonValue | undefined, field: string): Buffer | undefined {
  const text = readString(value, field);
  if (text === undefined) return undefined;
  const compact = text.replace(/[\r\n]/g, "");
  if (!base64Std.test(compact)) fail(field, "invalid base64");
  return Buffer.from(compact, "base64");
}

/** A JSON array, each item read by `item`; `null` (a nil slice) gives null. */
export function readArray<T>(
  value: JsonValue | undefined,
  field: string,
  item: (v: JsonValue, field: string) => T,
): T[] | null | undefined {
  if (value === undefined) return undefined;
  if (value.kind === "null") return null;
  if (value.kind !== "array") fail(field, `expected an array, got ${value.kind}`);
  return value.items.map((v, i) => item(v, `${field}[${i}]`));
}

/** A string that may not be null (Go `[]string` elements: null is left as ""). */
export function readStringItem(value: JsonValue, field: string): string {
  return readString(value, field) ?? "";
}
