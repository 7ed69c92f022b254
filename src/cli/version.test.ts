import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "yaml";
import { versionText } from "./version.ts";

const bin = new URL("../../bin/lifeboat.js", import.meta.url).pathname;
const pkgVersion = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;

function lifeboat(args: string[], env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync(process.execPath, [bin, ...args], { encoding: "utf8", env });
}

test("version --client-only prints the package version for people", () => {
  const out = lifeboat(["version", "--client-only"]);
  assert.match(out, new RegExp(`Version: v${pkgVersion.replaceAll(".", "\\.")}`));
  assert.match(out, /Node\.js: v24\./);
  assert.doesNotMatch(out, /Server/);
});

test("version -o json and -o yaml carry the same data", () => {
  const json = JSON.parse(lifeboat(["version", "--client-only", "-o", "json"])) as { client: { version: string } };
  const yaml = parse(lifeboat(["version", "--client-only", "-o", "yaml"])) as { client: { version: string } };
  assert.equal(json.client.version, pkgVersion);
  assert.deepEqual(yaml, json);
});

test("without any kubeconfig the server is 'not reachable' with the reason, and the exit code is 0", () => {
  const home = mkdtempSync(path.join(tmpdir(), "lifeboat-home-"));
  try {
    const env = { PATH: process.env["PATH"], HOME: home, KUBECONFIG: path.join(home, "missing") };
    const res = spawnSync(process.execPath, [bin, "version"], { encoding: "utf8", env });
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /^Server: <not reachable: kubeconfig: no Kubernetes configuration.*>$/m);
    const json = JSON.parse(lifeboat(["version", "-o", "json"], env)) as { server: { error: string } };
    assert.match(json.server.error, /no Kubernetes configuration/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test("the server's version is shown under Server", () => {
  const client = { version: "0.1.0", nodeVersion: "v24.0.0", platform: "linux/x64" };
  assert.match(versionText({ client, server: { version: "0.2.0" } }), /Server:\n\tVersion: v0\.2\.0\n$/);
  assert.match(versionText({ client, server: { error: "why" } }), /Server: <not reachable: why>\n$/);
});

test("an unknown output format is a usage error naming the flag and the choices", () => {
  const res = spawnSync(process.execPath, [bin, "version", "--client-only", "-o", "xml"], { encoding: "utf8" });
  assert.equal(res.status, 1);
  assert.match(res.stderr, /--output: "xml" is not a format; use one of table, json, yaml/);
});

test("--help lists the kube nouns, and every listed command has working help", () => {
  const commands = lifeboat(["--help"]).split("Commands:")[1] ?? "";
  const names = commands
    .split("\n")
    .filter((line) => /^ {2}\S/.test(line))
    .map((line) => (line.trim().split(/\s+/)[0] ?? "").split("|")[0] ?? "");
  for (const noun of ["version", "install", "backup-location", "backup", "restore", "repo"]) {
    assert.ok(names.includes(noun), `${noun} in ${names.join(", ")}`);
  }
  for (const name of names.filter((n) => n !== "help")) {
    assert.match(lifeboat([name, "--help"]), new RegExp(`Usage: lifeboat ${name}`));
  }
});
