import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, mkdir, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { MemoryStore } from "../../storage/memory/memory-store.ts";
import { decodeTree } from "../format/tree.ts";
import { initRepository } from "../repository.ts";
import { backup } from "./archiver.ts";

async function repo() {
  return initRepository(new MemoryStore(), "pw", { kdf: { N: 1024, r: 8, p: 1 } });
}

async function namesIn(r: Awaited<ReturnType<typeof repo>>, tree: string, dir: string): Promise<string[]> {
  let id = tree;
  for (const part of dir.split("/").filter(Boolean)) {
    const node = decodeTree(await r.loadBlob("tree", id)).find((n) => n.name.toString() === part);
    assert.ok(node?.subtree, `${part} is a folder in the snapshot`);
    id = node.subtree;
  }
  return decodeTree(await r.loadBlob("tree", id)).map((n) => n.name.toString());
}

test("a second backup reads no unchanged file and records the parent", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-archiver-"));
  try {
    await writeFile(path.join(dir, "a.txt"), "alpha");
    await writeFile(path.join(dir, "b.txt"), "beta");
    const r = await repo();
    const first = await backup(r, { paths: [dir], hostname: "h" });
    await writeFile(path.join(dir, "b.txt"), "beta, changed");
    const second = await backup(r, { paths: [dir], hostname: "h" });
    assert.equal(second.snapshot.parent, first.id);
    assert.equal(second.snapshot.summary?.filesUnmodified, 1);
    assert.equal(second.snapshot.summary?.filesChanged, 1);
    assert.deepEqual(await namesIn(r, second.snapshot.tree, dir), ["a.txt", "b.txt"]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a folder backed up from a new place against a parent taken elsewhere still skips unchanged files", async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), "lifeboat-archiver-"));
  try {
    // a pod volume's folder: /pods/<pod uid>/volumes/…/mount; the pod was rescheduled and has a new uid
    const before = path.join(root, "pods", "uid-1", "mount");
    const after = path.join(root, "pods", "uid-2", "mount");
    await mkdir(before, { recursive: true });
    await writeFile(path.join(before, "a.txt"), "alpha");
    await writeFile(path.join(before, "b.txt"), "beta");
    const r = await repo();
    const first = await backup(r, { paths: [before], hostname: "h" });
    await mkdir(path.dirname(after), { recursive: true });
    await rename(before, after);
    await writeFile(path.join(after, "b.txt"), "beta, changed");
    const second = await backup(r, { paths: [after], hostname: "h", parent: first.id, ignoreCtime: true });
    assert.equal(second.snapshot.parent, first.id);
    assert.equal(second.snapshot.summary?.filesUnmodified, 1);
    assert.equal(second.snapshot.summary?.filesChanged, 1);
    assert.equal(second.snapshot.summary?.filesNew, 0);
    assert.deepEqual(await namesIn(r, second.snapshot.tree, after), ["a.txt", "b.txt"]);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test("a backup path that does not exist is refused before anything is written", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-archiver-"));
  try {
    await mkdir(path.join(dir, "fine"));
    await writeFile(path.join(dir, "fine", "x"), "x");
    const r = await repo();
    await assert.rejects(backup(r, { paths: [dir, path.join(dir, "missing")], hostname: "h" }), /cannot read/);
    assert.deepEqual(await r.backend.listIds("snapshot"), []);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
