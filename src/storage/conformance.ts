/**
 * The ObjectStore conformance suite: one set of tests every implementation must pass (memory,
 * filesystem, S3 on real MinIO, and later Lifeboat's own store). Call it from a test file with a
 * factory that gives a fresh, empty store.
 */
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createCipheriv, createHash } from "node:crypto";
import { Readable } from "node:stream";
import { readAll } from "./body.ts";
import { StorageError, type StorageErrorCode } from "./errors.ts";
import type { ListEntry, ListOptions, ObjectStore } from "./object-store.ts";

export interface ConformanceTarget {
  store: ObjectStore;
  cleanup?: () => Promise<void>;
}

/** A deterministic pseudo-random stream of `size` bytes (AES-CTR keystream), and its SHA-256. */
export function pseudoRandomStream(size: number, seed: number): Readable {
  const key = createHash("sha256").update(`seed-${seed}`).digest();
  const cipher = createCipheriv("aes-256-ctr", key, Buffer.alloc(16));
  const chunk = Buffer.alloc(1024 * 1024);
  let left = size;
  return new Readable({
    read() {
      if (left === 0) {
        this.push(null);
        return;
      }
      const n = Math.min(left, chunk.length);
      left -= n;
      this.push(cipher.update(chunk.subarray(0, n)));
    },
  });
}

export async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export async function listAll(store: ObjectStore, options?: ListOptions): Promise<ListEntry[]> {
  const entries: ListEntry[] = [];
  for await (const entry of store.list(options)) entries.push(entry);
  return entries;
}

function names(entries: ListEntry[]): string[] {
  return entries.map((e) => (e.kind === "object" ? e.object.key : e.prefix));
}

async function rejectsWith(promise: Promise<unknown>, code: StorageErrorCode): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(StorageError.is(err), `expected a StorageError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return true;
  });
}

async function getBytes(store: ObjectStore, key: string, range?: { offset: number; length?: number }): Promise<Buffer> {
  return readAll(await store.get(key, range));
}

export function objectStoreConformance(name: string, open: () => Promise<ConformanceTarget>): void {
  describe(`ObjectStore conformance: ${name}`, () => {
    let target: ConformanceTarget;
    let store: ObjectStore;
    before(async () => {
      target = await open();
      store = target.store;
    });
    after(async () => {
      await target.cleanup?.();
    });

    test("put and get bytes; stat reports the size", async () => {
      await store.put("basic/hello.txt", Buffer.from("hello, world"));
      assert.equal((await getBytes(store, "basic/hello.txt")).toString(), "hello, world");
      const info = await store.stat("basic/hello.txt");
      assert.equal(info.key, "basic/hello.txt");
      assert.equal(info.size, 12);
      assert.ok(info.lastModified instanceof Date && !Number.isNaN(info.lastModified.getTime()));
    });

    test("keys with spaces, unicode, +, % and other specials round-trip and list exactly", async () => {
      const keys = [
        "special/with space.txt",
        "special/plus+sign",
        "special/percent%20literal",
        "special/ünïcödé/ファイル",
        "special/emoji-😀",
        "special/brackets[1](2){3}",
        "special/q?a=b&c#d",
        "special/tilde~star*",
      ];
      for (const key of keys) await store.put(key, Buffer.from(`content of ${key}`));
      for (const key of keys) assert.equal((await getBytes(store, key)).toString(), `content of ${key}`);
      const listed = names(await listAll(store, { prefix: "special/" }));
      assert.deepEqual(
        listed,
        [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
      );
    });

    test("listing is in UTF-8 byte order, not UTF-16 order", async () => {
      await store.put("order/\uFFFD", Buffer.from("a"));
      await store.put("order/\u{1F600}", Buffer.from("b"));
      await store.put("order/z", Buffer.from("c"));
      assert.deepEqual(names(await listAll(store, { prefix: "order/" })), [
        "order/z",
        "order/\uFFFD",
        "order/\u{1F600}",
      ]);
    });

    test("an empty object stores, stats and reads as zero bytes", async () => {
      await store.put("empty/object", new Uint8Array(0));
      assert.equal((await store.stat("empty/object")).size, 0);
      assert.equal((await getBytes(store, "empty/object")).length, 0);
      assert.equal((await getBytes(store, "empty/object", { offset: 0, length: 10 })).length, 0);
    });

    test("a 100 MiB streamed object round-trips byte for byte", async () => {
      const size = 100 * 1024 * 1024;
      const expected = await sha256Of(pseudoRandomStream(size, 100));
      await store.put("large/100mib.bin", pseudoRandomStream(size, 100), { length: size });
      assert.equal((await store.stat("large/100mib.bin")).size, size);
      assert.equal(await sha256Of(await store.get("large/100mib.bin")), expected);
    });

    test("a stream of unknown length is stored whole", async () => {
      const size = 7 * 1024 * 1024 + 123;
      const expected = await sha256Of(pseudoRandomStream(size, 7));
      await store.put("large/unknown-length.bin", pseudoRandomStream(size, 7));
      assert.equal((await store.stat("large/unknown-length.bin")).size, size);
      assert.equal(await sha256Of(await store.get("large/unknown-length.bin")), expected);
    });

    test("ranges: both ends, the middle, clipped at the end, and past the end", async () => {
      const data = Buffer.from("0123456789abcdefghij");
      await store.put("range/data", data);
      assert.equal((await getBytes(store, "range/data", { offset: 0, length: 4 })).toString(), "0123");
      assert.equal((await getBytes(store, "range/data", { offset: 16 })).toString(), "ghij");
      assert.equal((await getBytes(store, "range/data", { offset: 16, length: 4 })).toString(), "ghij");
      assert.equal((await getBytes(store, "range/data", { offset: 5, length: 3 })).toString(), "567");
      assert.equal((await getBytes(store, "range/data", { offset: 18, length: 10 })).toString(), "ij");
      assert.equal((await getBytes(store, "range/data", { offset: 20 })).length, 0);
      assert.equal((await getBytes(store, "range/data", { offset: 25, length: 5 })).length, 0);
    });

    test("more than 1000 keys list whole, with and without a delimiter", async () => {
      const keys: string[] = [];
      for (let d = 0; d < 11; d++) {
        for (let k = 0; k < 100; k++) keys.push(`many/d${String(d).padStart(2, "0")}/k${String(k).padStart(4, "0")}`);
      }
      keys.push("many/top-level-object");
      await putAll(store, keys);
      const flat = names(await listAll(store, { prefix: "many/" }));
      assert.equal(flat.length, 1101);
      assert.deepEqual(flat, [...keys].sort());
      const grouped = await listAll(store, { prefix: "many/", delimiter: "/" });
      const prefixes = grouped.filter((e) => e.kind === "prefix").map((e) => (e.kind === "prefix" ? e.prefix : ""));
      assert.equal(prefixes.length, 11);
      assert.equal(prefixes[0], "many/d00/");
      assert.deepEqual(names(grouped).at(-1), "many/top-level-object");
      const oneFolder = names(await listAll(store, { prefix: "many/d03/", delimiter: "/" }));
      assert.equal(oneFolder.length, 100);
    });

    test("a prefix need not end at a folder boundary", async () => {
      await putAll(store, ["partial/b1/x", "partial/b10/y", "partial/b2/z", "partial/b1.txt"]);
      assert.deepEqual(names(await listAll(store, { prefix: "partial/b1" })), [
        "partial/b1.txt",
        "partial/b1/x",
        "partial/b10/y",
      ]);
      assert.deepEqual(names(await listAll(store, { prefix: "partial/b1", delimiter: "/" })), [
        "partial/b1.txt",
        "partial/b1/",
        "partial/b10/",
      ]);
    });

    test("missing keys: get and stat fail with NotFound, delete succeeds", async () => {
      await rejectsWith(store.get("missing/nothing-here"), "NotFound");
      await rejectsWith(store.stat("missing/nothing-here"), "NotFound");
      await store.delete("missing/nothing-here");
      await store.deleteMany(["missing/a", "missing/b"]);
    });

    test("delete and deleteMany remove objects", async () => {
      await putAll(store, ["del/a", "del/b", "del/c", "del/sub/d"]);
      await store.delete("del/a");
      await rejectsWith(store.stat("del/a"), "NotFound");
      await store.deleteMany(["del/b", "del/sub/d", "del/never-existed"]);
      assert.deepEqual(names(await listAll(store, { prefix: "del/" })), ["del/c"]);
      assert.deepEqual(names(await listAll(store, { prefix: "del/", delimiter: "/" })), ["del/c"]);
    });

    test("ifAbsent refuses an existing key and keeps the first content", async () => {
      await store.put("once/object", Buffer.from("first"), { ifAbsent: true });
      await rejectsWith(store.put("once/object", Buffer.from("second"), { ifAbsent: true }), "Conflict");
      assert.equal((await getBytes(store, "once/object")).toString(), "first");
    });

    test("a body shorter than its declared length stores nothing", async () => {
      await rejectsWith(
        store.put("short/body", Readable.from([Buffer.from("abc")]), { length: 10 }),
        "ChecksumMismatch",
      );
      await rejectsWith(store.stat("short/body"), "NotFound");
    });

    test("an object can be overwritten without ifAbsent", async () => {
      await store.put("overwrite/x", Buffer.from("one"));
      await store.put("overwrite/x", Buffer.from("two!"));
      assert.equal((await getBytes(store, "overwrite/x")).toString(), "two!");
      assert.equal((await store.stat("overwrite/x")).size, 4);
    });

    test("a presigned URL serves the object to a plain HTTP client, or presign is declared unsupported", async () => {
      await store.put("presign/object with space+plus", Buffer.from("presigned bytes"));
      if (!store.capabilities.presign) {
        await rejectsWith(store.presignGet("presign/object with space+plus", 60), "Unsupported");
        return;
      }
      const url = await store.presignGet("presign/object with space+plus", 60);
      const res = await fetch(url);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), "presigned bytes");
    });
  });
}

async function putAll(store: ObjectStore, keys: string[], concurrency = 16): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++] ?? "";
      await store.put(key, Buffer.from(key));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
