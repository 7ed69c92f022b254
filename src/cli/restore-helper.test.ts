import { afterEach, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Command } from "commander";
import { markerPath, writeDoneMarker, writeFailureMarker } from "../restore-helper.ts";
import { registerRestoreHelper } from "./restore-helper.ts";

const uid = "5d1c9a7e-2f3b-4c8d-a1e6-7b9f0c2d4e6a";
let root: string;
let printed: string[];
let write: typeof process.stdout.write;

async function run(args: string[]): Promise<void> {
  const program = new Command("lifeboat").exitOverride();
  registerRestoreHelper(program);
  await program.parseAsync(["node", "lifeboat", "restore-helper", ...args]);
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "lifeboat-restore-helper-cli-"));
  for (const v of ["data", "wal"]) await mkdir(path.join(root, v));
  printed = [];
  write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: string | Uint8Array): boolean => {
    printed.push(String(chunk));
    return true;
  };
});

afterEach(async () => {
  process.stdout.write = write;
  process.exitCode = undefined;
  await rm(root, { recursive: true, force: true });
});

test("waits for every volume's marker, removes them, exits 0", async () => {
  let returned = false;
  const waiting = run([uid, "--restores-dir", root, "--poll", "50ms"]).then(() => (returned = true));
  await sleep(300);
  assert.equal(returned, false, "returned before the markers were written");
  await writeDoneMarker(path.join(root, "data"), uid);
  await sleep(200);
  assert.equal(returned, false, "returned with one volume still missing");
  await writeDoneMarker(path.join(root, "wal"), uid);
  await waiting;
  assert.equal(process.exitCode, undefined);
  assert.equal(existsSync(markerPath(path.join(root, "data"), uid)), false);
  assert.match(printed.join(""), /still waiting for data, wal/);
  assert.match(printed.join(""), /every volume is restored/);
});

test("a failure marker ends the wait with exit code 1 and the reason", async () => {
  await writeDoneMarker(path.join(root, "data"), uid);
  await writeFailureMarker(path.join(root, "wal"), uid, "Failed: snapshot 1234 not found");
  await run([uid, "--restores-dir", root, "--poll", "50ms"]);
  assert.equal(process.exitCode, 1);
  assert.match(printed.join(""), /volume wal: the restore failed: Failed: snapshot 1234 not found/);
});

test("a bad --poll is refused", async () => {
  await assert.rejects(run([uid, "--restores-dir", root, "--poll", "often"]), /--poll: "often" is not a duration/);
  await assert.rejects(run([uid, "--restores-dir", root, "--poll", "0s"]), /--poll: "0s" must be more than 0/);
});
