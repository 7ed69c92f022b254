import { test } from "node:test";
import assert from "node:assert/strict";
import { RepoError } from "../errors.ts";
import { compactGoJson, goJsonBytes, goJsonString } from "./go-json.ts";
import { goVectors } from "./testdata/load.ts";

test("goJsonString of Go string bytes matches go1.26.8 json.Marshal on every vector", () => {
  const rows = goVectors("json-string.txt");
  assert.ok(rows.length > 300);
  for (const [hex, expected] of rows) {
    assert.equal(goJsonString(Buffer.from(hex ?? "", "hex")), expected, `bytes ${hex}`);
  }
});

test("goJsonString of a JavaScript string escapes as Go does", () => {
  assert.equal(goJsonString(`a"b\\c/d`), `"a\\"b\\\\c/d"`);
  assert.equal(goJsonString("\b\f\n\r\t\v\0\x1f\x7f"), `"\\b\\f\\n\\r\\t\\u000b\\u0000\\u001f\x7f"`);
  assert.equal(goJsonString("<a href='x'>&</a>"), `"\\u003ca href='x'\\u003e\\u0026\\u003c/a\\u003e"`);
  assert.equal(goJsonString("\u2028\u2029\u0085\u00a0"), `"\\u2028\\u2029\u0085\u00a0"`);
  assert.equal(goJsonString("ünï 日本 😀 \ufffd"), `"ünï 日本 😀 \ufffd"`);
  assert.equal(goJsonString(""), `""`);
});

test("lone surrogates become the escape \\ufffd, a real U+FFFD stays raw", () => {
  assert.equal(goJsonString("a\ud800b"), `"a\\ufffdb"`);
  assert.equal(goJsonString("\udc00\ud83d"), `"\\ufffd\\ufffd"`);
  assert.equal(goJsonString("\ud83d\ude00"), `"😀"`);
  assert.equal(goJsonString(Buffer.from([0xff])), `"\\ufffd"`);
  assert.equal(goJsonString(Buffer.from("\ufffd")), `"\ufffd"`);
});

test("goJsonBytes is padded standard base64", () => {
  assert.equal(goJsonBytes(Buffer.from("val\x00\xff", "latin1")), `"dmFsAP8="`);
  assert.equal(goJsonBytes(Buffer.alloc(0)), `""`);
  assert.equal(goJsonBytes(Uint8Array.of(0xfb, 0xff)), `"+/8="`);
});

test("compactGoJson drops whitespace and HTML-escapes inside strings only", () => {
  assert.equal(compactGoJson(' { "a" : [ 1 , 2.50 , "x y" ] ,\n"b":null } '), '{"a":[1,2.50,"x y"],"b":null}');
  assert.equal(compactGoJson('"<&>\u2028"'), '"\\u003c\\u0026\\u003e\\u2028"');
  assert.equal(compactGoJson('"\\u0041\\"\\\\"'), '"\\u0041\\"\\\\"', "existing escapes are kept as written");
  assert.equal(compactGoJson("1e+05"), "1e+05");
  for (const bad of ["", "{", "[1,]", "nul", "1 2"]) {
    assert.throws(
      () => compactGoJson(bad),
      (err) => RepoError.is(err, "InvalidArgument"),
      bad,
    );
  }
});
