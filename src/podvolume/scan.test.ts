import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { scanFolder, type ScanTotals } from "./scan.ts";

test("counts regular files and their bytes, in nested folders, without following symlinks", async () => {
  const root = await mkdtemp(path.join(tmpdir(), "lifeboat-scan-"));
  try {
    await mkdir(path.join(root, "a", "b"), { recursive: true });
    await writeFile(path.join(root, "one"), Buffer.alloc(1000));
    await writeFile(path.join(root, "a", "b", "two"), Buffer.alloc(234));
    await writeFile(Buffer.concat([Buffer.from(path.join(root, "a") + "/"), Buffer.from([0x6e, 0xff])]), "xyz");
    await symlink("/etc", path.join(root, "link-to-etc"));
    const updates: ScanTotals[] = [];
    const totals = await scanFolder(root, (t) => updates.push(t));
    assert.deepEqual(totals, { files: 3, bytes: 1237 });
    assert.ok(updates.length >= 3);
    assert.deepEqual(updates.at(-1), totals);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test("an aborted scan stops early", async () => {
  const root = await mkdtemp(path.join(tmpdir(), "lifeboat-scan-"));
  try {
    await writeFile(path.join(root, "f"), "x");
    const abort = new AbortController();
    abort.abort();
    assert.deepEqual(await scanFolder(root, undefined, abort.signal), { files: 0, bytes: 0 });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
