import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { RestoreError } from "./errors.ts";
import { extractTarball } from "./tarball-reader.ts";
import { buildTarball, tarballStream } from "./test-tarball.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), "lifeboat-restore-tar-"));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const cm = (ns: string, name: string) => ({
  groupResource: "configmaps",
  namespace: ns,
  obj: { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: ns }, data: { n: name } },
});

test("items are extracted once each and indexed by resource, namespace and name", async () => {
  await withDir(async (dir) => {
    const stream = await tarballStream([
      cm("shop", "a"),
      cm("shop", "b"),
      cm("blog", "c"),
      {
        groupResource: "persistentvolumes",
        obj: { apiVersion: "v1", kind: "PersistentVolume", metadata: { name: "pv-1" } },
      },
      {
        groupResource: "deployments.apps",
        namespace: "shop",
        obj: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "shop" } },
      },
    ]);
    const { index, formatVersion } = await extractTarball(stream, dir);
    assert.equal(formatVersion, "1.1.0");
    assert.equal(index.size, 5);
    assert.deepEqual(index.groupResources().sort(), ["configmaps", "deployments.apps", "persistentvolumes"]);
    assert.deepEqual(index.namespaces("configmaps"), ["blog", "shop"]);
    assert.deepEqual(index.names("configmaps", "shop"), ["a", "b"]);
    assert.deepEqual(index.names("persistentvolumes", ""), ["pv-1"]);
    assert.deepEqual(index.allNamespaces(), ["blog", "shop"]);
    const item = await index.read({ groupResource: "configmaps", namespace: "shop", name: "b" });
    assert.deepEqual(item.data, { n: "b" });
    // one file per item, although the tarball has two copies of each
    assert.deepEqual(await readdir(path.join(dir, "configmaps", "namespaces", "shop")), ["a.json", "b.json"]);
  });
});

test("copies at non-preferred versions and unknown entries are ignored", async () => {
  await withDir(async (dir) => {
    const stream = await tarballStream([cm("shop", "a")], {
      raw: [
        { name: "resources/configmaps/v2/namespaces/shop/zz.json", content: "{}" },
        { name: "other/readme.txt", content: "hello" },
      ],
    });
    const { index } = await extractTarball(stream, dir);
    assert.deepEqual(index.names("configmaps", "shop"), ["a"]);
  });
});

test("a name too long for a file name is stored under its hash and read back", async () => {
  await withDir(async (dir) => {
    const long = "x".repeat(253);
    const { index } = await extractTarball(await tarballStream([cm("shop", long)]), dir);
    const item = await index.read({ groupResource: "configmaps", namespace: "shop", name: long });
    assert.equal((item.metadata as { name: string }).name, long);
  });
});

test("a tarball that is not gzip, or is truncated, is a BadTarball error", async () => {
  await withDir(async (dir) => {
    await assert.rejects(
      extractTarball(Readable.from([Buffer.from("definitely not gzip")]), dir),
      (err: unknown) => RestoreError.is(err, "BadTarball") && /cannot be read/.test((err as Error).message),
    );
    const good = await buildTarball([cm("shop", "a"), cm("shop", "b")]);
    await assert.rejects(extractTarball(Readable.from([good.subarray(0, good.length - 40)]), dir), (err: unknown) =>
      RestoreError.is(err, "BadTarball"),
    );
  });
});

test("an unsafe path segment is refused", async () => {
  await withDir(async (dir) => {
    const stream = await tarballStream([], {
      raw: [{ name: "resources/configmaps/namespaces/../x.json", content: "{}" }],
    });
    await assert.rejects(extractTarball(stream, dir), (err: unknown) => RestoreError.is(err, "BadTarball"));
  });
});

test("a format other than 1.x is refused", async () => {
  await withDir(async (dir) => {
    await assert.rejects(
      extractTarball(await tarballStream([cm("shop", "a")], { version: "2.0.0\n" }), dir),
      (err: unknown) => RestoreError.is(err, "UnsupportedFormat") && /"2.0.0"/.test((err as Error).message),
    );
  });
});

test("an aborted signal stops the extraction", async () => {
  await withDir(async (dir) => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(extractTarball(await tarballStream([cm("shop", "a")]), dir, ac.signal), (err: unknown) =>
      RestoreError.is(err, "Aborted"),
    );
  });
});

test("20000 items are extracted with one item in memory at a time (heap measured after GC)", async () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  await withDir(async (dir) => {
    const count = 20_000;
    const payload = "x".repeat(4096);
    const items = Array.from({ length: count }, (_, i) => ({
      groupResource: "configmaps",
      namespace: `ns-${i % 20}`,
      obj: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}` }, data: { payload, i: String(i) } },
    }));
    const gz = await buildTarball(items);
    items.length = 0;
    gc();
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    const { index } = await extractTarball(Readable.from([gz]), dir);
    const seconds = (performance.now() - started) / 1000;
    gc();
    const retained = process.memoryUsage().heapUsed - before;
    assert.equal(index.size, count);
    // The items hold 80 MB of JSON; the index keeps only their names.
    assert.ok(retained < 16 * 1048576, `extraction retained ${Math.round(retained / 1048576)} MiB`);
    console.log(
      `extracted ${count} items (${Math.round(gz.length / 1024)} KiB gzip) in ${seconds.toFixed(1)} s, heap +${(retained / 1048576).toFixed(1)} MiB`,
    );
  });
});
