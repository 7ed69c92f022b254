/**
 * `lifeboat repo forget`: flag parsing (counts, durations, tags, grouping) and its one-line
 * usage errors, then a run against a folder repository: forget by policy with --prune.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { backup } from "../../repo/archiver/archiver.ts";
import { initRepository, openRepository } from "../../repo/repository.ts";
import { listSnapshots } from "../../repo/snapshots.ts";
import { FilesystemStore } from "../../storage/filesystem/filesystem-store.ts";
import { UsageError } from "../output.ts";
import { parseGroupBy, parseKeepCount, policyFromFlags } from "./forget.ts";

const bin = new URL("../../../bin/lifeboat.js", import.meta.url).pathname;
const temps: string[] = [];
after(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

function lifeboat(args: string[], env: NodeJS.ProcessEnv = {}) {
  const base = { ...process.env };
  for (const name of ["RESTIC_REPOSITORY", "RESTIC_PASSWORD", "RESTIC_PASSWORD_FILE"]) delete base[name];
  return spawnSync(process.execPath, [bin, "repo", ...args], { encoding: "utf8", env: { ...base, ...env } });
}

const usage = (pattern: RegExp) => (e: unknown) => e instanceof UsageError && pattern.test(e.message);

test("keep counts: whole numbers or unlimited, errors name the flag", () => {
  assert.equal(parseKeepCount("--keep-daily", "7"), 7);
  assert.equal(parseKeepCount("--keep-daily", "unlimited"), -1);
  assert.throws(() => parseKeepCount("--keep-daily", "x"), usage(/^--keep-daily: "x" is not a whole number/));
  assert.throws(() => parseKeepCount("--keep-last", "1.5"), usage(/^--keep-last: "1.5" is not a whole number/));
  assert.throws(() => parseKeepCount("--keep-weekly", "-1"), usage(/^--keep-weekly: "-1" is negative/));
});

test("policy from flags: counts, durations, tag lists; grouping", () => {
  const policy = policyFromFlags({
    keepLast: "2",
    keepMonthly: "unlimited",
    keepWithin: "1y2d",
    keepWithinDaily: "7d",
    keepTag: ["a, b", "c"],
    groupBy: "host,paths",
    maxUnused: "5%",
  });
  assert.deepEqual(policy, {
    last: 2,
    monthly: -1,
    within: { years: 1, months: 0, days: 2, hours: 0 },
    withinDaily: { years: 0, months: 0, days: 7, hours: 0 },
    tags: [["a", "b"], ["c"]],
  });
  assert.throws(
    () => policyFromFlags({ keepWithin: "2w", keepTag: [], groupBy: "", maxUnused: "5%" }),
    usage(/^--keep-within: "2w" is not a duration/),
  );
  assert.deepEqual(parseGroupBy("host,tags"), { host: true, paths: false, tags: true });
  assert.deepEqual(parseGroupBy(""), { host: false, paths: false, tags: false });
  assert.throws(() => parseGroupBy("hostname"), usage(/^--group-by: "hostname"/));
});

test("forget without ids or a policy, with both, or with a bad count is a one-line usage error", () => {
  const env = { RESTIC_REPOSITORY: path.join(os.tmpdir(), "lifeboat-no-such-repo"), RESTIC_PASSWORD: "x" };
  const neither = lifeboat(["forget"], env);
  assert.equal(neither.status, 1);
  assert.match(neither.stderr, /^Error: forget: give snapshot ids to remove, or a policy with --keep-last/);
  const both = lifeboat(["forget", "abcd", "--keep-last", "1"], env);
  assert.match(both.stderr, /^Error: forget: give snapshot ids or --keep-\* flags, not both\n$/);
  const bad = lifeboat(["forget", "--keep-daily", "x"], env);
  assert.equal(bad.stderr, 'Error: --keep-daily: "x" is not a whole number (or "unlimited")\n');
  const unused = lifeboat(["forget", "--keep-last", "1", "--max-unused", "150%"], env);
  assert.match(unused.stderr, /^Error: --max-unused: "150%" is not a percentage/);
});

test("forget --keep-last 1 --prune on a folder repository", async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), "lifeboat-cli-forget-"));
  temps.push(root);
  const source = path.join(root, "source");
  const repoDir = path.join(root, "repo");
  await mkdir(source);
  await mkdir(repoDir);
  const store = new FilesystemStore({ root: repoDir });
  const repo = await initRepository(store, "pw", { kdf: { N: 1024, r: 8, p: 1 } });
  await writeFile(path.join(source, "f"), "one");
  await backup(repo, { paths: [source] });
  await writeFile(path.join(source, "f"), "two");
  const second = await backup(repo, { paths: [source] });
  const env = { RESTIC_REPOSITORY: repoDir, RESTIC_PASSWORD: "pw" };

  const dry = lifeboat(["forget", "--keep-last", "1", "--prune", "--dry-run"], env);
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /would remove snapshot/);
  assert.match(dry.stdout, /would make these changes/);
  assert.equal((await listSnapshots(repo)).length, 2);

  const json = lifeboat(["--json", "forget", "--keep-last", "1", "--prune"], env);
  assert.equal(json.status, 0, json.stderr);
  const [groups, summary] = json.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as unknown);
  assert.deepEqual(
    (groups as { keep: { id: string }[] }[]).map((g) => g.keep.map((s) => s.id)),
    [[second.id]],
  );
  assert.equal((summary as { dry_run: boolean }).dry_run, false);
  assert.deepEqual(
    (await listSnapshots(await openRepository(store, "pw"))).map((s) => s.id),
    [second.id],
  );
});
