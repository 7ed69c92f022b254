/**
 * The promise to users: Lifeboat's repositories are restic's. Against the real restic v0.19.1,
 * on a local folder and on the cluster's MinIO: (a) restic checks and restores what Lifeboat
 * wrote; (b) Lifeboat lists and restores what restic wrote; (c) the same folder gets the same
 * tree id from both; (d) restic deduplicates against Lifeboat's blobs; (f) a flipped byte in a
 * pack is found by Lifeboat's check, which names the pack and the file it damages.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { useCluster, type TestCluster } from "../cluster/harness.ts";
import { repoRoot } from "../cluster/paths.ts";
import { describeTree, makeSampleTree } from "../support/tree-snapshot.ts";

const run = promisify(execFile);
const lifeboatBin = path.join(repoRoot, "bin", "lifeboat.js");

interface Target {
  name: string;
  location: (work: string) => string;
  corruptible: boolean;
}

let cluster: TestCluster;
let env: NodeJS.ProcessEnv;
let work: string;

before(async () => {
  cluster = await useCluster();
  work = await mkdtemp(path.join(os.tmpdir(), "lifeboat-interop-"));
  env = {
    ...process.env,
    RESTIC_PASSWORD: `pw-${randomBytes(6).toString("hex")}`,
    RESTIC_CACHE_DIR: path.join(work, "restic-cache"),
    AWS_ACCESS_KEY_ID: cluster.s3.accessKey,
    AWS_SECRET_ACCESS_KEY: cluster.s3.secretKey,
    TZ: "UTC",
  };
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

function lifeboat(repo: string, args: string[]) {
  return run(process.execPath, [lifeboatBin, "repo", "-r", repo, ...args], { env, maxBuffer: 64 * 1024 * 1024 });
}

function restic(repo: string, args: string[]) {
  return run(cluster.binary("restic"), ["-r", repo, ...args], { env, maxBuffer: 64 * 1024 * 1024 });
}

async function latestTree(repo: string): Promise<{ id: string; tree: string }> {
  const list = JSON.parse((await restic(repo, ["snapshots", "--json"])).stdout) as { id: string; tree: string }[];
  const last = list.at(-1);
  assert.ok(last, "a snapshot exists");
  return last;
}

/** The tree id of `dir` inside a snapshot tree, read with restic. */
async function subtreeOf(repo: string, root: string, dir: string): Promise<string> {
  let tree = root;
  for (const part of dir.split("/").filter(Boolean)) {
    const nodes = (
      JSON.parse((await restic(repo, ["cat", "blob", tree])).stdout) as { nodes: { name: string; subtree?: string }[] }
    ).nodes;
    tree = nodes.find((n) => n.name === part)?.subtree ?? "";
    assert.ok(tree, `${part} is in the tree`);
  }
  return tree;
}

function assertSameTree(expected: string, actual: string): void {
  const a = describeTree(expected);
  const b = describeTree(actual);
  assert.deepEqual([...b.entries.keys()].sort(), [...a.entries.keys()].sort(), "the same entries");
  for (const [key, facts] of a.entries) {
    const other = b.entries.get(key);
    const name = Buffer.from(key, "hex").toString("utf8");
    assert.ok(other, name);
    assert.equal(other.type, facts.type, `${name}: type`);
    assert.equal(other.mode, facts.mode, `${name}: mode`);
    assert.equal(other.sha256, facts.sha256, `${name}: content`);
    assert.equal(other.target, facts.target, `${name}: link target`);
    if (facts.type !== "symlink")
      assert.ok(Math.abs(other.mtimeUs - facts.mtimeUs) <= 1, `${name}: mtime ${other.mtimeUs} vs ${facts.mtimeUs}`);
  }
  assert.deepEqual(b.hardLinkGroups, a.hardLinkGroups, "hard links");
}

const targets: Target[] = [
  { name: "local folder", location: (w) => path.join(w, `repo-${randomBytes(3).toString("hex")}`), corruptible: true },
  {
    name: "MinIO bucket",
    location: () => `s3:${cluster.s3.endpoint}/${cluster.s3.bucket}/interop-${randomBytes(4).toString("hex")}`,
    corruptible: false,
  },
];

for (const target of targets) {
  describe(`restic interop on a ${target.name}`, () => {
    let source: string;
    before(async () => {
      source = await mkdtemp(path.join(work, "src-"));
      makeSampleTree(source);
    });

    test("(a) restic checks and restores what Lifeboat wrote, identically", async () => {
      const repo = target.location(work);
      await lifeboat(repo, ["init"]);
      await lifeboat(repo, ["backup", source]);
      const check = await restic(repo, ["check", "--read-data"]);
      assert.match(check.stdout, /no errors were found/);
      const into = path.join(work, `restic-restore-${randomBytes(3).toString("hex")}`);
      await restic(repo, ["restore", "latest", "--target", into]);
      assertSameTree(source, path.join(into, source));
    });

    test("(b) Lifeboat lists and restores what restic wrote, identically", async () => {
      const repo = target.location(work);
      await restic(repo, ["init"]);
      await restic(repo, ["backup", source]);
      const ours = JSON.parse((await lifeboat(repo, ["snapshots", "--json"])).stdout) as {
        paths: string[];
        tree: string;
      }[];
      const theirs = await latestTree(repo);
      assert.equal(ours.length, 1);
      assert.deepEqual(ours[0]?.paths, [source]);
      assert.equal(ours[0]?.tree, theirs.tree);
      const ourLs = (await lifeboat(repo, ["ls", "latest"])).stdout.trim().split("\n");
      const resticLs = (await restic(repo, ["ls", "latest"])).stdout
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("/"));
      assert.deepEqual(
        ourLs.filter((l) => !l.includes("\uFFFD")),
        resticLs.filter((l) => !l.includes("\uFFFD")),
      );
      const into = path.join(work, `lifeboat-restore-${randomBytes(3).toString("hex")}`);
      await lifeboat(repo, ["restore", "latest", "--target", into]);
      assertSameTree(source, path.join(into, source));
      const dumped = await run(
        process.execPath,
        [lifeboatBin, "repo", "-r", repo, "dump", "latest", path.join(source, "data", "big.bin")],
        {
          env,
          encoding: "buffer",
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      assert.deepEqual(dumped.stdout, await readFile(path.join(source, "data", "big.bin")));
    });

    test("(c) the same folder gets the same tree id from both tools, and (d) restic deduplicates against Lifeboat's blobs", async () => {
      const repo = target.location(work);
      await lifeboat(repo, ["init"]);
      await lifeboat(repo, ["backup", source]);
      const ours = await latestTree(repo);
      const summary = JSON.parse(
        (await restic(repo, ["backup", "--force", "--json", source])).stdout.trim().split("\n").at(-1) ?? "{}",
      ) as { data_added: number; files_new: number; files_changed: number };
      const theirs = await latestTree(repo);
      assert.equal(await subtreeOf(repo, theirs.tree, source), await subtreeOf(repo, ours.tree, source));
      assert.equal(summary.data_added, 0, "restic stored nothing new: every blob was already there");
    });

    if (target.corruptible) {
      test("(f) a flipped byte in a pack is reported with the pack and the affected file", async () => {
        const repo = target.location(work);
        await lifeboat(repo, ["init"]);
        await lifeboat(repo, ["backup", source]);
        const packs: string[] = [];
        for (const dir of await readdir(path.join(repo, "data"))) {
          for (const file of await readdir(path.join(repo, "data", dir)))
            packs.push(path.join(repo, "data", dir, file));
        }
        // the biggest pack holds big.bin's chunks
        const sizes = await Promise.all(packs.map(async (p) => ({ p, size: (await readFile(p)).length })));
        const victim = sizes.sort((a, b) => b.size - a.size)[0]?.p ?? "";
        const bytes = await readFile(victim);
        // the middle of the biggest pack is inside one of big.bin's chunks (it is most of the pack)
        const at = Math.floor(bytes.length / 2);
        bytes[at] = (bytes[at] ?? 0) ^ 0xff;
        await writeFile(victim, bytes);
        const result = await lifeboat(repo, ["check", "--read-data"]).then(
          () => assert.fail("check must fail on a damaged pack"),
          (err: { stdout: string; code: number }) => err,
        );
        assert.equal(result.code, 1);
        assert.match(result.stdout, new RegExp(`pack ${path.basename(victim)}`));
        assert.match(result.stdout, /affected files: .*data\/big\.bin/);
      });
    }
  });
}
