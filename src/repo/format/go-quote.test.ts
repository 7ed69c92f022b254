import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { RepoError } from "../errors.ts";
import { quoteName, unquoteName } from "./go-quote.ts";
import { goVectors } from "./testdata/load.ts";

test("quoteName matches go1.26.8 strconv.Quote on every vector", () => {
  const rows = goVectors("quote.txt");
  assert.ok(rows.length > 300);
  for (const [hex, expected] of rows) {
    assert.equal(quoteName(Buffer.from(hex ?? "", "hex")), expected ?? "", `bytes ${hex}`);
  }
});

test("unquoteName matches go1.26.8 strconv.Unquote on every vector", () => {
  for (const [textHex, expected] of goVectors("unquote.txt")) {
    const text = Buffer.from(textHex ?? "", "hex").toString("utf8");
    if (expected === "ERR") {
      assert.throws(
        () => unquoteName(text),
        (err) => RepoError.is(err, "InvalidFormat"),
        JSON.stringify(text),
      );
    } else {
      assert.equal(unquoteName(text).toString("hex"), expected, JSON.stringify(text));
    }
  }
});

test("names restic wrote, and their bytes", () => {
  const cases: [Buffer, string][] = [
    [Buffer.from('quo"te'), 'quo\\"te'],
    [Buffer.from("back\\slash"), "back\\\\slash"],
    [Buffer.from([0xff, 0xfe]), "\\xff\\xfe"],
    [Buffer.from("tab\there\x01\x7f"), "tab\\there\\x01\\x7f"],
    [Buffer.from("nbsp\u00a0zw\u200bpua\ue000<&>\u2028"), "nbsp\\u00a0zw\\u200bpua\\ue000<&>\\u2028"],
    [Buffer.from("new\u{1fae9}u16"), "new\\U0001fae9u16"],
    [Buffer.from("astral😀mark e\u0301"), "astral😀mark e\u0301"],
    [Buffer.from([0x74, 0x72, 0x75, 0x6e, 0x63, 0xe2, 0x82, 0x78]), "trunc\\xe2\\x82x"],
  ];
  for (const [bytes, quoted] of cases) {
    assert.equal(quoteName(bytes), quoted);
    assert.deepEqual(unquoteName(quoted), bytes);
  }
});

test("unquoteName inverts quoteName for arbitrary bytes", () => {
  for (let i = 0; i < 2000; i++) {
    const bytes = randomBytes(i % 24);
    assert.deepEqual(unquoteName(quoteName(bytes)), bytes, bytes.toString("hex"));
  }
});

test("unquoteName rejects what Go rejects", () => {
  for (const text of ["\\", "a\\", "\\x4", "\\u12", "\\U0011ffff", "\\ud800", "\\'", '"', "a\nb", "\\400", "\\08"]) {
    assert.throws(
      () => unquoteName(text),
      (err) => RepoError.is(err, "InvalidFormat"),
      JSON.stringify(text),
    );
  }
  assert.deepEqual(unquoteName("'\t\x01"), Buffer.from("'\t\x01"), "raw quotes, tabs and controls are kept");
  assert.deepEqual(unquoteName("a\ud800"), Buffer.from("a\ufffd"), "a lone surrogate counts as U+FFFD");
});
