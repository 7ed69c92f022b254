/**
 * Test support: builds a folder with every kind of entry a backup must carry (large and small
 * files, an empty file, nested folders, a symlink, a hard link, unicode and non-UTF-8 names,
 * several modes), and describes a folder as comparable data (per entry: type, mode, size, SHA-256,
 * link target, mtime, hard-link groups) so two folders can be compared after a restore, which
 * `assertSameTree` does.
 */
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

export function makeSampleTree(root: string, seed = 1): void {
  const p = (...parts: string[]) => path.join(root, ...parts);
  mkdirSync(p("data", "nested", "deeper"), { recursive: true });
  writeFileSync(p("data", "big.bin"), randomBytes(3 * 1024 * 1024 + seed));
  writeFileSync(p("data", "nested", "small.txt"), `small file ${seed}\n`);
  writeFileSync(p("data", "nested", "deeper", "empty"), "");
  writeFileSync(p("data", "ünïcødé ファイル.txt"), "unicode name\n");
  writeFileSync(p("data", 'quote"and\\backslash'), "odd name\n");
  writeFileSync(
    Buffer.concat([Buffer.from(p("data") + "/"), Buffer.from([0x6e, 0x6f, 0xff, 0xfe, 0x2e, 0x62, 0x69, 0x6e])]),
    "non-utf8 name\n",
  );
  writeFileSync(p("data", "secret.key"), "mode 0600\n");
  chmodSync(p("data", "secret.key"), 0o600);
  writeFileSync(p("data", "run.sh"), "#!/bin/sh\necho hi\n");
  chmodSync(p("data", "run.sh"), 0o755);
  symlinkSync("nested/small.txt", p("data", "link-to-small"));
  writeFileSync(p("data", "hard-a"), "hard link content\n");
  linkSync(p("data", "hard-a"), p("data", "hard-b"));
  utimesSync(
    p("data", "nested", "small.txt"),
    new Date("2020-01-02T03:04:05.678Z"),
    new Date("2020-01-02T03:04:05.678Z"),
  );
}

export interface EntryFacts {
  type: "file" | "dir" | "symlink" | "other";
  mode: number;
  size?: number;
  sha256?: string;
  target?: string;
  mtimeUs: number;
}

/** Every entry below `root`, keyed by its relative path (hex of the bytes, so any name works). */
export function describeTree(root: string): { entries: Map<string, EntryFacts>; hardLinkGroups: string[][] } {
  const entries = new Map<string, EntryFacts>();
  const inodes = new Map<bigint, string[]>();
  const walk = (dir: Buffer, rel: Buffer): void => {
    for (const name of readdirSync(dir, { encoding: "buffer" })) {
      const full = Buffer.concat([dir, Buffer.from("/"), name]);
      const relPath = rel.length ? Buffer.concat([rel, Buffer.from("/"), name]) : name;
      const st = lstatSync(full, { bigint: true });
      const key = relPath.toString("hex");
      const base = { mode: Number(st.mode & 0o7777n), mtimeUs: Number(st.mtimeNs / 1000n) };
      if (st.isDirectory()) {
        entries.set(key, { type: "dir", ...base });
        walk(full, relPath);
      } else if (st.isFile()) {
        entries.set(key, {
          type: "file",
          ...base,
          size: Number(st.size),
          sha256: createHash("sha256").update(readFileSync(full)).digest("hex"),
        });
        if (st.nlink > 1n) inodes.set(st.ino, [...(inodes.get(st.ino) ?? []), relPath.toString("utf8")]);
      } else if (st.isSymbolicLink()) {
        entries.set(key, {
          type: "symlink",
          ...base,
          mode: 0,
          target: readlinkSync(full, { encoding: "buffer" }).toString("hex"),
        });
      } else entries.set(key, { type: "other", ...base });
    }
  };
  walk(Buffer.from(root), Buffer.alloc(0));
  return { entries, hardLinkGroups: [...inodes.values()].map((g) => g.sort()).sort() };
}

/** Fails unless `actual` holds the same entries as `expected`, with the same facts and hard links. */
export function assertSameTree(actual: string, expected: string): void {
  const a = describeTree(actual);
  const e = describeTree(expected);
  assert.deepEqual([...a.entries.keys()].sort(), [...e.entries.keys()].sort());
  for (const [key, facts] of e.entries) {
    const other = a.entries.get(key);
    const name = Buffer.from(key, "hex").toString();
    assert.ok(other, `${name} is missing`);
    // times go through a double of seconds on the way back: allow 1 µs
    assert.ok(Math.abs(other.mtimeUs - facts.mtimeUs) <= 1, `${name}: mtime ${other.mtimeUs} vs ${facts.mtimeUs}`);
    assert.deepEqual({ ...other, mtimeUs: 0 }, { ...facts, mtimeUs: 0 }, name);
  }
  assert.deepEqual(a.hardLinkGroups, e.hardLinkGroups);
}
