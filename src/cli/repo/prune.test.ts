/** `lifeboat repo prune` options: --max-unused (percent, size, unlimited) and sizes with suffixes. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { UsageError } from "../output.ts";
import { parseMaxUnused, parseSize, pruneOptionsFrom } from "./prune.ts";

const usage = (pattern: RegExp) => (e: unknown) => e instanceof UsageError && pattern.test(e.message);

test("sizes take restic's binary suffixes", () => {
  assert.equal(parseSize("--max-repack-size", "0"), 0);
  assert.equal(parseSize("--max-repack-size", "10k"), 10 * 1024);
  assert.equal(parseSize("--max-repack-size", "5M"), 5 * 1024 * 1024);
  assert.equal(parseSize("--max-repack-size", "2g"), 2 * 1024 ** 3);
  assert.throws(() => parseSize("--max-repack-size", "5MB"), usage(/^--max-repack-size: "5MB" is not a size/));
  assert.throws(() => parseSize("--max-repack-size", "-1"), usage(/is not a size/));
});

test("--max-unused: a percentage below 100, a size, or unlimited", () => {
  assert.deepEqual(parseMaxUnused("5%"), { kind: "percent", percent: 5 });
  assert.deepEqual(parseMaxUnused("0%"), { kind: "percent", percent: 0 });
  assert.deepEqual(parseMaxUnused("2.5%"), { kind: "percent", percent: 2.5 });
  assert.deepEqual(parseMaxUnused("200M"), { kind: "bytes", bytes: 200 * 1024 * 1024 });
  assert.deepEqual(parseMaxUnused("unlimited"), { kind: "unlimited" });
  assert.throws(() => parseMaxUnused("100%"), usage(/^--max-unused: "100%" is not a percentage/));
  assert.throws(() => parseMaxUnused("%"), usage(/^--max-unused: "%"/));
  assert.throws(() => parseMaxUnused("lots"), usage(/^--max-unused: "lots" is not a size/));
});

test("prune options from flags", () => {
  assert.deepEqual(pruneOptionsFrom({ maxUnused: "unlimited", maxRepackSize: "1k", dryRun: true }), {
    maxUnused: { kind: "unlimited" },
    maxRepackBytes: 1024,
    dryRun: true,
  });
});
