import { test } from "node:test";
import assert from "node:assert/strict";
import { isGoPrint, tableUnicodeVersion } from "./unicode-print.ts";

test("the JavaScript Unicode version is not newer than the one the table was made for", () => {
  // A newer Unicode makes `\p{…}` match characters Go 1.26 still escapes: regenerate the table
  // (see the module comment) before raising tableUnicodeVersion.
  assert.ok(
    Number(process.versions.unicode) <= Number(tableUnicodeVersion),
    `Node's Unicode ${process.versions.unicode} is newer than ${tableUnicodeVersion}`,
  );
});

test("printable like Go's strconv.IsPrint", () => {
  const printable = [0x20, 0x41, 0x7e, 0xe9, 0x301, 0x65e5, 0xfffd, 0x1f600, 0x10000];
  const notPrintable = [
    0x00, 0x1f, 0x7f, 0x85, 0xa0, 0xad, 0x378, 0x2028, 0x200b, 0x3000, 0xe000, 0xfeff, 0xfffe, 0xffff, 0xe0001, 0xf0000,
    0x10ffff, 0xd800, 0x110000,
  ];
  for (const r of printable) assert.equal(isGoPrint(r), true, r.toString(16));
  for (const r of notPrintable) assert.equal(isGoPrint(r), false, r.toString(16));
});

test("characters newer than Go's Unicode 15.0 are not printable", () => {
  // U+1FAE9 (Unicode 16) and U+1CC00 (16), U+2EBF0 (15.1): letters/symbols to ICU, unknown to Go.
  for (const r of [0x1fae9, 0x1cc00, 0x2ebf0, 0x88f, 0x33479]) {
    assert.equal(/\p{L}|\p{S}|\p{N}|\p{M}|\p{P}/u.test(String.fromCodePoint(r)), true, r.toString(16));
    assert.equal(isGoPrint(r), false, r.toString(16));
  }
  assert.equal(isGoPrint(0x1fae8), true, "U+1FAE8 is in Unicode 15.0");
});
