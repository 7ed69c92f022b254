/**
 * forget + prune against the real restic v0.19.1: Lifeboat backs a folder up twice (files
 * changed, removed and added in between) into a local repository, then runs
 * `forget --keep-last 1 --prune`. restic must find the result sound (`check --read-data`),
 * see one snapshot, restore it byte for byte, have nothing left to prune, and agree with
 * Lifeboat's `stats` in both modes. And the other way round: Lifeboat prunes a repository restic
 * made (restic's packs, index and compression), and restic checks and restores it. Needs no
 * cluster, only the restic binary (built on demand).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { binaryPath, ensureBinaries } from "../cluster/build.ts";

const run = promisify(execFile);
const lifeboatBin = new URL("../../bin/lifeboat.js", import.meta.url).pathname;

let work: string;
let restic: string;
let env: NodeJS.ProcessEnv;
let source: string;

async function resticBinary(): Promise<string> {
  try {
    return binaryPath("restic");
  } catch {
    await ensureBinaries((line) => process.stderr.write(`${line}\n`));
    return binaryPath("restic");
  }
}

async function sh(cmd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(cmd, args, { env, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    throw new Error(`${path.basename(cmd)} ${args.join(" ")} failed (exit ${e.code}):\n${e.stdout}\n${e.stderr}`, {
      cause: err,
    });
  }
}

const lifeboat = (...args: string[]): Promise<string> => sh(process.execPath, [lifeboatBin, "repo", ...args]);
const resticCmd = (...args: string[]): Promise<string> => sh(restic, args);

async function readTree(root: string): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const rel = path.relative(root, path.join(entry.parentPath, entry.name));
    if (entry.isDirectory()) entries.set(rel, "dir");
    else if (entry.isFile()) entries.set(rel, (await readFile(path.join(root, rel))).toString("base64"));
  }
  return entries;
}

before(async () => {
  restic = await resticBinary();
  work = await mkdtemp(path.join(os.tmpdir(), "lifeboat-prune-interop-"));
  env = { ...process.env };
  delete env["RESTIC_PASSWORD_FILE"];
  env = {
    ...env,
    RESTIC_REPOSITORY: path.join(work, "repo"),
    RESTIC_PASSWORD: "interop-password",
    RESTIC_CACHE_DIR: path.join(work, "cache"),
  };
  source = path.join(work, "source");
  await mkdir(path.join(source, "sub", "deep"), { recursive: true });
  await writeFile(path.join(source, "readme.txt"), "kept as it is\n");
  await writeFile(path.join(source, "sub", "shared.bin"), randomBytes(200_000));
  await writeFile(path.join(source, "sub", "deep", "large.bin"), randomBytes(1_500_000));
  await writeFile(path.join(source, "changing.bin"), randomBytes(300_000));
  await writeFile(path.join(source, "going.bin"), randomBytes(100_000));
});

after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

test("Lifeboat forget --keep-last 1 --prune leaves a repository restic checks, restores and agrees with", async () => {
  await lifeboat("init");
  await lifeboat("backup", source);
  await writeFile(path.join(source, "changing.bin"), randomBytes(250_000));
  await rm(path.join(source, "going.bin"));
  await writeFile(path.join(source, "sub", "new.bin"), randomBytes(50_000));
  await lifeboat("backup", source);

  const forgot = await lifeboat("forget", "--keep-last", "1", "--prune");
  assert.match(forgot, /keep 1 snapshots/);
  assert.match(forgot, /remove 1 snapshots/);
  assert.match(forgot, /removed snapshot [0-9a-f]{8}/);
  assert.match(forgot, /done: \d+ packs deleted, [1-9]\d* repacked/);

  const snapshots = JSON.parse(await resticCmd("snapshots", "--json")) as { id: string }[];
  assert.equal(snapshots.length, 1);

  const check = await resticCmd("check", "--read-data");
  assert.match(check, /no errors were found/);

  const target = path.join(work, "restored");
  await resticCmd("restore", "latest", "--target", target);
  assert.deepEqual(await readTree(path.join(target, source)), await readTree(source));

  const again = await resticCmd("prune", "--dry-run");
  assert.match(again, /total prune: +0 blobs \/ 0 B/);

  for (const mode of ["restore-size", "raw-data"]) {
    const theirs = JSON.parse(await resticCmd("stats", "--json", "--mode", mode)) as Record<string, number>;
    const ours = JSON.parse(await lifeboat("--json", "stats", "--mode", mode)) as Record<string, number>;
    for (const key of ["total_size", "total_file_count", "total_blob_count", "total_uncompressed_size"]) {
      assert.equal(ours[key], theirs[key], `${mode} ${key}`);
    }
    for (const key of ["compression_ratio", "compression_space_saving", "snapshots_count"]) {
      assert.ok(Math.abs((ours[key] ?? 0) - (theirs[key] ?? 0)) < 1e-9, `${mode} ${key}`);
    }
  }
});

test("Lifeboat prunes a repository restic wrote, and restic still checks and restores it", async () => {
  const repo = path.join(work, "restic-made");
  const data = path.join(work, "restic-source");
  const local = { RESTIC_REPOSITORY: repo };
  const withRepo = async (fn: () => Promise<void>): Promise<void> => {
    const saved = env;
    env = { ...env, ...local };
    try {
      await fn();
    } finally {
      env = saved;
    }
  };
  await mkdir(path.join(data, "dir"), { recursive: true });
  await writeFile(path.join(data, "dir", "stays.bin"), randomBytes(400_000));
  await writeFile(path.join(data, "changes.bin"), randomBytes(200_000));
  await withRepo(async () => {
    await resticCmd("init");
    await resticCmd("backup", data);
    await writeFile(path.join(data, "changes.bin"), randomBytes(150_000));
    await resticCmd("backup", data);
    await resticCmd("forget", "--keep-last", "1");
    const pruned = await lifeboat("prune");
    assert.match(pruned, /done: \d+ packs deleted, [1-9]\d* repacked/);
    assert.match(await resticCmd("check", "--read-data"), /no errors were found/);
    const target = path.join(work, "restic-restored");
    await resticCmd("restore", "latest", "--target", target);
    assert.deepEqual(await readTree(path.join(target, data)), await readTree(data));
    assert.match(await resticCmd("prune", "--dry-run"), /total prune: +0 blobs \/ 0 B/);
  });
});
