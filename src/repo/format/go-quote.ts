/**
 * Node names as restic stores them: the name's bytes through Go's `strconv.Quote`, outer quotes
 * removed (restic then JSON-encodes that text, see node.ts). Names are bytes on disk and may be
 * invalid UTF-8; quoting makes any byte string representable as valid text.
 *
 * Quoting walks the bytes rune by rune (Go's UTF-8 rules, utf8.ts):
 * - an invalid byte becomes `\xNN` (lower-case hex);
 * - `"` and `\` are backslashed;
 * - a printable rune (Go's `strconv.IsPrint`, see unicode-print.ts) is kept as is;
 * - `\a \b \f \n \r \t \v` use their short forms;
 * - other runes below U+0020, and DEL, become `\xNN`; other BMP runes `\uNNNN`; the rest
 *   `\UNNNNNNNN`.
 *
 * Unquoting follows Go's `strconv.Unquote` on the text wrapped in double quotes: raw bytes other
 * than `"`, `\` and newline are kept; `\xNN` and three-digit octal `\NNN` (at most `\377`) give
 * one byte each; `\uNNNN` and `\UNNNNNNNN` give the UTF-8 of a valid non-surrogate code point;
 * the short escapes, `\\` and `\"` map back; anything else (`\'`, `\q`, a bare `"`, a newline,
 * a cut-off escape) throws RepoError "InvalidFormat".
 */
import { RepoError } from "../errors.ts";
import { isGoPrint } from "./unicode-print.ts";
import { decodeRune } from "./utf8.ts";

const shortEscapes: Record<number, string> = {
  0x07: "\\a",
  0x08: "\\b",
  0x0c: "\\f",
  0x0a: "\\n",
  0x0d: "\\r",
  0x09: "\\t",
  0x0b: "\\v",
};

function hexDigits(value: number, width: number): string {
  return value.toString(16).padStart(width, "0");
}

function quoteRune(rune: number): string {
  if (rune === 0x22 || rune === 0x5c) return `\\${String.fromCharCode(rune)}`;
  if (isGoPrint(rune)) return String.fromCodePoint(rune);
  const short = shortEscapes[rune];
  if (short !== undefined) return short;
  if (rune < 0x20 || rune === 0x7f) return `\\x${hexDigits(rune, 2)}`;
  if (rune < 0x10000) return `\\u${hexDigits(rune, 4)}`;
  return `\\U${hexDigits(rune, 8)}`;
}

/** Go's `strconv.Quote(string(name))` without the surrounding quotes. */
export function quoteName(name: Uint8Array): string {
  let out = "";
  for (let at = 0; at < name.length;) {
    const { rune, size } = decodeRune(name, at);
    out += rune < 0 ? `\\x${hexDigits(name[at] ?? 0, 2)}` : quoteRune(rune);
    at += size;
  }
  return out;
}

const unescapedBytes: Record<number, number> = {
  0x61: 0x07, // a
  0x62: 0x08, // b
  0x66: 0x0c, // f
  0x6e: 0x0a, // n
  0x72: 0x0d, // r
  0x74: 0x09, // t
  0x76: 0x0b, // v
  0x5c: 0x5c, // backslash
  0x22: 0x22, // double quote
};

function invalid(text: string, why: string): never {
  throw new RepoError("InvalidFormat", `quoted name ${JSON.stringify(text)}: ${why}`);
}

/** Reads `count` digits of `base` at `at`; returns undefined when they are not all there. */
function digitsAt(bytes: Uint8Array, at: number, count: number, base: 8 | 16): number | undefined {
  if (at + count > bytes.length) return undefined;
  const text = Buffer.from(bytes.subarray(at, at + count)).toString("latin1");
  const pattern = base === 8 ? /^[0-7]+$/ : /^[0-9a-fA-F]+$/;
  return pattern.test(text) ? parseInt(text, base) : undefined;
}

/** Decodes the escape whose letter is at `at`: the bytes it stands for and its length after the backslash. */
function unescape(bytes: Uint8Array, at: number, text: string): { out: Uint8Array; length: number } {
  if (at >= bytes.length) invalid(text, "escape cut off");
  const letter = bytes[at] ?? 0;
  const simple = unescapedBytes[letter];
  if (simple !== undefined) return { out: Uint8Array.of(simple), length: 1 };
  if (letter >= 0x30 && letter <= 0x37) {
    const value = digitsAt(bytes, at, 3, 8);
    if (value === undefined || value > 0xff) invalid(text, "bad octal escape");
    return { out: Uint8Array.of(value), length: 3 };
  }
  const width = letter === 0x78 ? 2 : letter === 0x75 ? 4 : letter === 0x55 ? 8 : 0;
  if (width === 0) invalid(text, `unknown escape \\${String.fromCharCode(letter)}`);
  const value = digitsAt(bytes, at + 1, width, 16);
  if (value === undefined) invalid(text, "bad hex escape");
  if (width === 2) return { out: Uint8Array.of(value), length: 3 };
  if (value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) invalid(text, "escape is not a valid code point");
  return { out: Buffer.from(String.fromCodePoint(value), "utf8"), length: width + 1 };
}

/**
 * Go's `strconv.Unquote` of `"` + text + `"`: the name's bytes. The text is taken as UTF-8 (a
 * lone surrogate counts as U+FFFD, as Go's JSON decoder would have made it).
 */
export function unquoteName(text: string): Buffer {
  const bytes = Buffer.from(text, "utf8");
  const parts: Uint8Array[] = [];
  let plainFrom = 0;
  let at = 0;
  while (at < bytes.length) {
    const byte = bytes[at];
    if (byte === 0x0a) invalid(text, "raw newline");
    if (byte === 0x22) invalid(text, "unescaped double quote");
    if (byte !== 0x5c) {
      at++;
      continue;
    }
    parts.push(bytes.subarray(plainFrom, at));
    const { out, length } = unescape(bytes, at + 1, text);
    parts.push(out);
    at += 1 + length;
    plainFrom = at;
  }
  parts.push(bytes.subarray(plainFrom));
  return Buffer.concat(parts);
}
