import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parse } from "yaml";

const bin = new URL("../../bin/lifeboat.js", import.meta.url).pathname;
const pkgVersion = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;

function lifeboat(args: string[]): string {
  return execFileSync(process.execPath, [bin, ...args], { encoding: "utf8" });
}

test("version prints the package version for people", () => {
  const out = lifeboat(["version"]);
  assert.match(out, new RegExp(`Version: v${pkgVersion.replaceAll(".", "\\.")}`));
  assert.match(out, /Node\.js: v24\./);
});

test("version -o json and -o yaml carry the same data", () => {
  const json = JSON.parse(lifeboat(["version", "-o", "json"])) as { client: { version: string } };
  const yaml = parse(lifeboat(["version", "-o", "yaml"])) as { client: { version: string } };
  assert.equal(json.client.version, pkgVersion);
  assert.deepEqual(yaml, json);
});

test("an unknown output format is a usage error naming the flag and the choices", () => {
  const res = spawnSync(process.execPath, [bin, "version", "-o", "xml"], { encoding: "utf8" });
  assert.equal(res.status, 1);
  assert.match(res.stderr, /--output: "xml" is not a format; use one of table, json, yaml/);
});

test("--help lists only commands that exist", () => {
  const commands = lifeboat(["--help"]).split("Commands:")[1] ?? "";
  const names = commands
    .split("\n")
    .filter((line) => /^ {2}\S/.test(line))
    .map((line) => line.trim().split(/\s+/)[0]);
  assert.deepEqual(names, ["version", "repo", "help"]);
});
