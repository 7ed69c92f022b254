import { test } from "node:test";
import assert from "node:assert/strict";
import { RepoError } from "../errors.ts";
import { parseJson } from "./json-read.ts";
import type { JsonValue } from "./json-read.ts";

const invalidFormat = (err: unknown): boolean => RepoError.is(err, "InvalidFormat");

/** The value without raw text, for comparisons. */
function plain(v: JsonValue): unknown {
  switch (v.kind) {
    case "object":
      return { object: v.entries.map(([k, item]) => [k, plain(item)]) };
    case "array":
      return v.items.map(plain);
    case "number":
      return { number: v.raw };
    case "null":
      return null;
    default:
      return v.value;
  }
}

test("objects keep key order and duplicates; numbers keep their text", () => {
  const v = parseJson(' {"b": 1, "2": [true, false, null], "b": 18446744073709551615, "x": -1.5e+3} ');
  assert.deepEqual(plain(v), {
    object: [
      ["b", { number: "1" }],
      ["2", [true, false, null]],
      ["b", { number: "18446744073709551615" }],
      ["x", { number: "-1.5e+3" }],
    ],
  });
});

test("raw text of every value is kept", () => {
  const v = parseJson('{"t": "2020\\u002d01", "a": [ 1 ,2 ], "o": {}}');
  assert.equal(v.kind, "object");
  if (v.kind !== "object") return;
  assert.deepEqual(
    v.entries.map(([, item]) => item.raw),
    ['"2020\\u002d01"', "[ 1 ,2 ]", "{}"],
  );
  assert.equal(v.raw, '{"t": "2020\\u002d01", "a": [ 1 ,2 ], "o": {}}');
});

test("string escapes decode as in Go, lone surrogates to U+FFFD", () => {
  const str = (text: string): unknown => plain(parseJson(text));
  assert.equal(str('"\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9"'), '"\\/\b\f\n\r\té');
  assert.equal(str('"\\ud83d\\ude00"'), "😀");
  assert.equal(str('"\\ud800"'), "\ufffd");
  assert.equal(str('"\\ude00\\ud83d"'), "\ufffd\ufffd");
  assert.equal(str('"\\ud83d\\u0041"'), "\ufffdA");
  assert.equal(str('"\\ud83d\\ud83d\\ude00"'), "\ufffd😀");
  assert.equal(str('"\u2028 raw é"'), "\u2028 raw é");
});

test("byte input is decoded with Go's UTF-8 rules", () => {
  const bytes = Buffer.concat([Buffer.from('"a'), Buffer.from([0xe2, 0x82]), Buffer.from('b"')]);
  assert.equal(plain(parseJson(bytes)), "a\ufffd\ufffdb");
  assert.throws(() => parseJson(Buffer.from([0x31, 0xff])), invalidFormat, "invalid bytes outside strings");
});

test("malformed JSON throws InvalidFormat", () => {
  const bad = [
    "",
    " ",
    "[1,]",
    "{,}",
    '{"a"}',
    '{"a":1,}',
    "01",
    "1.",
    ".5",
    "+1",
    "-",
    "1e",
    "NaN",
    "tru",
    "nulls",
    '"a\nb"',
    '"\t"',
    '"\\x41"',
    '"\\u12"',
    '"abc',
    "[1 2]",
    "{} {}",
    "'a'",
  ];
  for (const text of bad) assert.throws(() => parseJson(text), invalidFormat, JSON.stringify(text));
});

test("nesting is limited to 1000 levels", () => {
  assert.doesNotThrow(() => parseJson("[".repeat(1001) + "]".repeat(1001)));
  assert.throws(() => parseJson("[".repeat(1002) + "]".repeat(1002)), invalidFormat);
  assert.throws(() => parseJson('{"a":'.repeat(5000) + "1" + "}".repeat(5000)), invalidFormat);
});
