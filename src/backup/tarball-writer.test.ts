/** TarballWriter: a gzipped tar that tar-stream reads back, entries in order, mode 0644, a typed error when the file cannot be written. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";
import { BackupError } from "./errors.ts";
import { TarballWriter } from "./tarball-writer.ts";

async function entries(file: string): Promise<{ name: string; mode: number; mtime: number; data: string }[]> {
  const out: { name: string; mode: number; mtime: number; data: string }[] = [];
  const extract = tar.extract();
  extract.on("entry", (h, stream, next) => {
    const parts: Buffer[] = [];
    stream.on("data", (c: unknown) => parts.push(c as Buffer));
    stream.on("end", () => {
      out.push({
        name: h.name,
        mode: h.mode ?? 0,
        mtime: h.mtime?.getTime() ?? 0,
        data: Buffer.concat(parts).toString(),
      });
      next();
    });
  });
  await pipeline(createReadStream(file), createGunzip(), extract);
  return out;
}

test("writes entries in order, with mode 0644 and the given mtime, long names included", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tarball-writer-"));
  try {
    const file = path.join(dir, "t.tar.gz");
    const mtime = new Date("2026-03-04T05:06:07Z");
    const w = new TarballWriter(file, mtime);
    const long = `resources/things.example.com/v1-preferredversion/namespaces/ns/${"x".repeat(200)}.json`;
    await w.add({ name: "metadata/version", data: Buffer.from("1.1.0\n") });
    for (let i = 0; i < 3000; i++)
      await w.add(
        { name: `a/${i}.json`, data: Buffer.from(`{"i":${i}}`) },
        { name: `b/${i}.json`, data: Buffer.from(`{"i":${i}}`) },
      );
    await w.add({ name: long, data: Buffer.from("{}") });
    const bytes = await w.finish();
    assert.ok(bytes > 0);
    const got = await entries(file);
    assert.equal(got.length, 1 + 6000 + 1);
    assert.deepEqual(got[0], { name: "metadata/version", mode: 0o644, mtime: mtime.getTime(), data: "1.1.0\n" });
    assert.deepEqual(
      got.slice(1, 5).map((e) => e.name),
      ["a/0.json", "b/0.json", "a/1.json", "b/1.json"],
    );
    assert.equal(got[6000]?.data, '{"i":2999}');
    assert.equal(got.at(-1)?.name, long);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a file that cannot be written is a TarballWriteFailed BackupError", async () => {
  const w = new TarballWriter(path.join(os.tmpdir(), "no-such-dir-lifeboat", "x", "t.tar.gz"), new Date());
  await assert.rejects(
    (async () => {
      for (let i = 0; i < 10_000; i++) await w.add({ name: `a/${i}.json`, data: Buffer.alloc(1024) });
      await w.finish();
    })(),
    (err: unknown) => BackupError.is(err, "TarballWriteFailed") && /no-such-dir-lifeboat/.test((err as Error).message),
  );
});
