/**
 * A strict JSON reader that keeps what `JSON.parse` throws away and Go's decoder relies on: the
 * source text of every value (numbers stay exact, `time.Time` and restic IDs are read from their
 * raw quoted text, `json.RawMessage` keeps its bytes), and objects as ordered key/value lists
 * (duplicates kept, no reordering of integer-like keys).
 *
 * Strings are decoded as Go decodes them: an escaped lone surrogate (`\ud800`) becomes U+FFFD.
 * Byte input is decoded with Go's UTF-8 rules first (each invalid byte becomes U+FFFD, as Go's
 * decoder does inside strings; outside strings it is a syntax error either way). Grammar errors
 * throw RepoError "InvalidFormat", and so does nesting deeper than 1000 levels (Go allows 10000;
 * this reader recurses, and restic's documents nest four levels deep).
 */
import { RepoError } from "../errors.ts";
import { goStringFromBytes } from "./utf8.ts";

export type JsonValue =
  | { kind: "null"; raw: string }
  | { kind: "bool"; value: boolean; raw: string }
  | { kind: "number"; raw: string }
  | { kind: "string"; value: string; raw: string }
  | { kind: "array"; items: JsonValue[]; raw: string }
  | { kind: "object"; entries: [key: string, value: JsonValue][]; raw: string };

const maxDepth = 1000;
const numberPattern = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
// eslint-disable-next-line no-control-regex -- raw control characters end a run (JSON forbids them)
const plainStringRun = /[^"\\\u0000-\u001f]*/y;
const simpleEscapes: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

const literals: [string, { kind: "null" } | { kind: "bool"; value: boolean }][] = [
  ["null", { kind: "null" }],
  ["true", { kind: "bool", value: true }],
  ["false", { kind: "bool", value: false }],
];

class Reader {
  readonly text: string;
  at = 0;

  constructor(text: string) {
    this.text = text;
  }

  fail(what: string): never {
    throw new RepoError("InvalidFormat", `invalid JSON at offset ${this.at}: ${what}`);
  }

  skipSpace(): void {
    for (;;) {
      const ch = this.text[this.at];
      if (ch !== " " && ch !== "\t" && ch !== "\n" && ch !== "\r") return;
      this.at++;
    }
  }

  expect(ch: string): void {
    if (this.text[this.at] !== ch) this.fail(`expected ${JSON.stringify(ch)}`);
    this.at++;
  }

  value(depth: number): JsonValue {
    if (depth > maxDepth) this.fail("nested too deeply");
    this.skipSpace();
    const start = this.at;
    const ch = this.text[this.at];
    if (ch === "{") return this.object(start, depth);
    if (ch === "[") return this.array(start, depth);
    if (ch === '"') {
      const value = this.string();
      return { kind: "string", value, raw: this.text.slice(start, this.at) };
    }
    for (const [word, node] of literals) {
      if (this.text.startsWith(word, start)) {
        this.at += word.length;
        return { ...node, raw: word };
      }
    }
    numberPattern.lastIndex = start;
    if (!numberPattern.test(this.text)) this.fail("expected a value");
    this.at = numberPattern.lastIndex;
    return { kind: "number", raw: this.text.slice(start, this.at) };
  }

  object(start: number, depth: number): JsonValue {
    const entries: [string, JsonValue][] = [];
    this.at++;
    this.skipSpace();
    if (this.text[this.at] === "}") {
      this.at++;
      return { kind: "object", entries, raw: this.text.slice(start, this.at) };
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.at] !== '"') this.fail("expected an object key");
      const key = this.string();
      this.skipSpace();
      this.expect(":");
      entries.push([key, this.value(depth + 1)]);
      this.skipSpace();
      if (this.text[this.at] === "}") break;
      this.expect(",");
    }
    this.at++;
    return { kind: "object", entries, raw: this.text.slice(start, this.at) };
  }

  array(start: number, depth: number): JsonValue {
    const items: JsonValue[] = [];
    this.at++;
    this.skipSpace();
    if (this.text[this.at] === "]") {
      this.at++;
      return { kind: "array", items, raw: this.text.slice(start, this.at) };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipSpace();
      if (this.text[this.at] === "]") break;
      this.expect(",");
    }
    this.at++;
    return { kind: "array", items, raw: this.text.slice(start, this.at) };
  }

  /** Reads a string literal starting at the opening quote and returns its decoded value. */
  string(): string {
    this.at++;
    let out = "";
    for (;;) {
      plainStringRun.lastIndex = this.at;
      plainStringRun.test(this.text);
      out += this.text.slice(this.at, plainStringRun.lastIndex);
      this.at = plainStringRun.lastIndex;
      const ch = this.text[this.at];
      if (ch === '"') {
        this.at++;
        return out;
      }
      if (ch !== "\\") this.fail(ch === undefined ? "unterminated string" : "control character in string");
      out += this.escape();
    }
  }

  /** Decodes the escape at the backslash; a lone surrogate becomes U+FFFD as in Go. */
  escape(): string {
    const letter = this.text[this.at + 1] ?? "";
    const simple = simpleEscapes[letter];
    if (simple !== undefined) {
      this.at += 2;
      return simple;
    }
    if (letter !== "u") this.fail("invalid escape");
    const unit = this.hex4(this.at + 2);
    this.at += 6;
    if (unit < 0xd800 || unit > 0xdfff) return String.fromCharCode(unit);
    if (unit <= 0xdbff && this.text.startsWith("\\u", this.at)) {
      const low = this.hex4(this.at + 2);
      if (low >= 0xdc00 && low <= 0xdfff) {
        this.at += 6;
        return String.fromCharCode(unit, low);
      }
    }
    return "\ufffd";
  }

  hex4(at: number): number {
    const digits = this.text.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) this.fail("invalid \\u escape");
    return parseInt(digits, 16);
  }
}

/** Parses exactly one JSON value (surrounding whitespace allowed) from text or UTF-8 bytes. */
export function parseJson(input: string | Uint8Array): JsonValue {
  const reader = new Reader(typeof input === "string" ? input : goStringFromBytes(input));
  const value = reader.value(0);
  reader.skipSpace();
  if (reader.at !== reader.text.length) reader.fail("unexpected data after the value");
  return value;
}
