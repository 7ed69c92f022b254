/** `lifeboat repo stats`: the mode flag, and a run against a folder repository. */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { backup } from "../../repo/archiver/archiver.ts";
import { initRepository } from "../../repo/repository.ts";
import { FilesystemStore } from "../../storage/filesystem/filesystem-store.ts";
import { UsageError } from "../output.ts";
import { parseStatsMode } from "./stats.ts";

const bin = new URL("../../../bin/lifeboat.js", import.meta.url).pathname;
const temps: string[] = [];
after(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

test("--mode is restore-size or raw-data", () => {
  assert.equal(parseStatsMode("raw-data"), "raw-data");
  assert.throws(
    () => parseStatsMode("blobs-per-file"),
    (e) => e instanceof UsageError && /^--mode: "blobs-per-file" is not a mode/.test(e.message),
  );
});

test("stats prints restic's figures, as text and JSON", async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), "lifeboat-cli-stats-"));
  temps.push(root);
  const [source, repoDir] = [path.join(root, "source"), path.join(root, "repo")];
  await mkdir(source);
  await mkdir(repoDir);
  await writeFile(path.join(source, "f"), "12345");
  const repo = await initRepository(new FilesystemStore({ root: repoDir }), "pw", { kdf: { N: 1024, r: 8, p: 1 } });
  await backup(repo, { paths: [source] });
  const env = { ...process.env };
  delete env["RESTIC_PASSWORD_FILE"];
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [bin, "repo", ...args], {
      encoding: "utf8",
      env: { ...env, RESTIC_REPOSITORY: repoDir, RESTIC_PASSWORD: "pw" },
    });
  const text = run("stats");
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /Stats in restore-size mode:\n\s+Snapshots processed:\s+1\n/);
  assert.match(text.stdout, /Total Size:\s+5 B/);
  const json = JSON.parse(run("--json", "stats", "latest", "--mode", "raw-data").stdout) as Record<string, number>;
  assert.equal(json["snapshots_count"], 1);
  assert.ok((json["total_blob_count"] ?? 0) >= 2);
});
