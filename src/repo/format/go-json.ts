/**
 * JSON output exactly as Go's `encoding/json` (`json.Marshal`, HTML escaping on) writes it, for
 * the pieces restic's documents are built from. Tree and snapshot IDs are hashes of these bytes,
 * so every detail counts:
 *
 * - strings: `"` and `\` are backslashed; `\b \f \n \r \t` use their short forms; every other
 *   control character and `<`, `>`, `&` become `\u00XX` (lower-case hex); U+2028 and U+2029
 *   become `\u2028` / `\u2029`; DEL and everything else is written raw as UTF-8.
 * - invalid text becomes `\ufffd` (an escape, while a real U+FFFD is written raw): one per
 *   invalid byte for Go strings given as bytes (Go's `DecodeRune` rules, see utf8.ts), one per
 *   lone surrogate for JavaScript strings.
 * - `[]byte` is standard base64 with padding, quoted.
 * - `json.RawMessage` is compacted: whitespace outside strings dropped, and `<`, `>`, `&`,
 *   U+2028, U+2029 inside strings escaped as above; everything else is kept as written.
 */
import { RepoError } from "../errors.ts";
import { parseJson } from "./json-read.ts";
import { decodeRune } from "./utf8.ts";

const hex = "0123456789abcdef";
const shortEscapes: Record<number, string> = {
  0x22: '\\"',
  0x5c: "\\\\",
  0x08: "\\b",
  0x0c: "\\f",
  0x0a: "\\n",
  0x0d: "\\r",
  0x09: "\\t",
};

/** The escape Go writes for an ASCII code, or undefined when it is written as is. */
function asciiEscape(code: number): string | undefined {
  const short = shortEscapes[code];
  if (short !== undefined) return short;
  if (code < 0x20 || code === 0x3c || code === 0x3e || code === 0x26) {
    return `\\u00${hex[code >> 4] ?? "0"}${hex[code & 15] ?? "0"}`;
  }
  return undefined;
}

/** One valid code point with Go's escaping. */
function escapeCodePoint(code: number): string {
  if (code < 0x80) return asciiEscape(code) ?? String.fromCharCode(code);
  if (code === 0x2028 || code === 0x2029) return `\\u${code.toString(16)}`;
  return String.fromCodePoint(code);
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const nothingToEscape = /^[^"\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]*$/;

function escapeJsString(s: string): string {
  if (nothingToEscape.test(s)) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += s.slice(i, i + 2);
        i++;
        continue;
      }
      out += "\\ufffd";
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      out += "\\ufffd";
    } else {
      out += escapeCodePoint(unit);
    }
  }
  return out;
}

function escapeGoBytes(bytes: Uint8Array): string {
  let out = "";
  for (let at = 0; at < bytes.length;) {
    const { rune, size } = decodeRune(bytes, at);
    out += rune < 0 ? "\\ufffd" : escapeCodePoint(rune);
    at += size;
  }
  return out;
}

/**
 * A JSON string literal (with its quotes) as Go writes the string: a JavaScript string, or the
 * raw bytes of a Go string (which may be invalid UTF-8).
 */
export function goJsonString(s: string | Uint8Array): string {
  return `"${typeof s === "string" ? escapeJsString(s) : escapeGoBytes(s)}"`;
}

/** A Go `[]byte` as JSON: standard base64 with padding, quoted. */
export function goJsonBytes(bytes: Uint8Array): string {
  return `"${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64")}"`;
}

const compactStringEscapes: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * A `json.RawMessage` as Go's encoder writes it: validated, then compacted with HTML escaping.
 * Throws RepoError "InvalidArgument" when `raw` is not one valid JSON value.
 */
export function compactGoJson(raw: string): string {
  try {
    parseJson(raw);
  } catch (err) {
    throw new RepoError("InvalidArgument", `raw JSON value: ${(err as Error).message}`, { cause: err });
  }
  let out = "";
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] ?? "";
    if (inString) {
      if (ch === "\\") {
        out += ch + (raw[i + 1] ?? "");
        i++;
        continue;
      }
      if (ch === '"') inString = false;
      out += compactStringEscapes[ch] ?? ch;
    } else if (ch !== " " && ch !== "\t" && ch !== "\n" && ch !== "\r") {
      if (ch === '"') inString = true;
      out += ch;
    }
  }
  return out;
}
