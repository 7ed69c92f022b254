import { test } from "node:test";
import assert from "node:assert/strict";
import { RepoError } from "../errors.ts";
import { decodeGoBytes, goJsonString, goTime, parseJsonObject } from "./key-json.ts";

function inZone<T>(tz: string, fn: () => T): T {
  const saved = process.env["TZ"];
  process.env["TZ"] = tz;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env["TZ"];
    else process.env["TZ"] = saved;
  }
}

test("goJsonString escapes what Go escapes and JSON.stringify does not", () => {
  assert.equal(goJsonString("alex"), '"alex"');
  assert.equal(goJsonString('a"b\\c\n\t\u0001'), '"a\\"b\\\\c\\n\\t\\u0001"');
  assert.equal(goJsonString("<a&b>"), '"\\u003ca\\u0026b\\u003e"');
  assert.equal(goJsonString("x\u2028y\u2029"), '"x\\u2028y\\u2029"');
  assert.equal(goJsonString("bad\ud800x\udfff"), '"bad\\ufffdx\\ufffd"');
  assert.equal(goJsonString("\ufffd \u{1f600}"), '"\ufffd \u{1f600}"');
  assert.equal(goJsonString("héllo ☃"), '"héllo ☃"');
});

test("goTime writes RFC3339Nano with Z for a zero offset", () => {
  const t = new Date(Date.UTC(2026, 10, 25, 15, 14, 29, 115));
  assert.equal(
    inZone("UTC", () => goTime(t)),
    "2026-11-25T15:14:29.115Z",
  );
  assert.equal(
    inZone("UTC", () => goTime(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 100)))),
    "2026-01-02T03:04:05.1Z",
  );
  assert.equal(
    inZone("UTC", () => goTime(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 0)))),
    "2026-01-02T03:04:05Z",
  );
});

test("goTime writes the local offset as ±hh:mm", () => {
  const t = new Date(Date.UTC(2026, 6, 9, 13, 14, 29, 115));
  assert.equal(
    inZone("Europe/Berlin", () => goTime(t)),
    "2026-07-09T15:14:29.115+02:00",
  );
  assert.equal(
    inZone("America/St_Johns", () => goTime(t)),
    "2026-07-09T10:44:29.115-02:30",
  );
  assert.equal(
    inZone("Asia/Kolkata", () => goTime(t)),
    "2026-07-09T18:44:29.115+05:30",
  );
});

test("goTime refuses an invalid date", () => {
  assert.throws(
    () => goTime(new Date(NaN)),
    (e) => RepoError.is(e, "InvalidArgument"),
  );
});

test("decodeGoBytes accepts only standard padded base64", () => {
  assert.deepEqual(decodeGoBytes("AAEC", "f"), Buffer.from([0, 1, 2]));
  assert.deepEqual(decodeGoBytes("AAE=", "f"), Buffer.from([0, 1]));
  assert.deepEqual(decodeGoBytes("", "f"), Buffer.alloc(0));
  for (const bad of ["AAE", "AA-_", "AA E=", 12, null, undefined]) {
    assert.throws(
      () => decodeGoBytes(bad, "f"),
      (e) => RepoError.is(e, "InvalidFormat"),
      String(bad),
    );
  }
});

test("parseJsonObject takes only UTF-8 JSON objects", () => {
  assert.deepEqual(parseJsonObject(Buffer.from('{"a":1}'), "x"), { a: 1 });
  for (const bad of ["[1]", "null", "{", "1"]) {
    assert.throws(
      () => parseJsonObject(Buffer.from(bad), "x"),
      (e) => RepoError.is(e, "InvalidFormat"),
      bad,
    );
  }
  assert.throws(
    () => parseJsonObject(Buffer.from([0x7b, 0xff, 0x7d]), "x"),
    (e) => RepoError.is(e, "InvalidFormat"),
  );
});
