import { test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough, Readable } from "node:stream";
import { Registry } from "prom-client";
import { readAll } from "../body.ts";
import { decorate } from "../compose.ts";
import { listAll } from "../conformance.ts";
import { StorageError, type StorageErrorCode } from "../errors.ts";
import { MemoryStore } from "../memory/memory-store.ts";
import type { ByteRange, ListEntry, ListOptions, PutBody, PutOptions } from "../object-store.ts";
import { LimitedStore } from "./limit.ts";
import { RetryingStore } from "./retry.ts";

const instant = { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1, sleep: () => Promise.resolve() };

/** A memory store that fails the next calls of an operation with the given codes. */
class FlakyStore extends MemoryStore {
  readonly failures = new Map<string, StorageErrorCode[]>();
  readonly calls: string[] = [];
  breakBodyAfter?: number;
  private fail(op: string): void {
    this.calls.push(op);
    const code = this.failures.get(op)?.shift();
    if (code) throw new StorageError(code, `injected ${code} on ${op}`);
  }
  override async put(key: string, body: PutBody, options?: PutOptions): Promise<void> {
    this.fail("put");
    return super.put(key, body, options);
  }
  override async get(key: string, range?: ByteRange): Promise<Readable> {
    this.fail("get");
    const stream = await super.get(key, range);
    const limit = this.breakBodyAfter;
    if (limit === undefined) return stream;
    this.breakBodyAfter = undefined;
    const bytes = await readAll(stream);
    const out = new PassThrough();
    out.write(bytes.subarray(0, limit));
    setImmediate(() => out.destroy(new StorageError("Network", "connection reset mid-body")));
    return out;
  }
  override async *list(options?: ListOptions): AsyncIterable<ListEntry> {
    let n = 0;
    for await (const entry of super.list(options)) {
      if (n++ === 2) this.fail("list");
      yield entry;
    }
  }
}

test("retryable failures are retried; the bytes arrive intact", async () => {
  const flaky = new FlakyStore();
  flaky.failures.set("put", ["Throttled", "ServerError"]);
  const store = new RetryingStore(flaky, instant);
  await store.put("k", Buffer.from("value"));
  assert.deepEqual(flaky.calls, ["put", "put", "put"]);
  assert.equal((await readAll(await store.get("k"))).toString(), "value");
});

test("non-retryable failures surface at once", async () => {
  for (const code of ["AccessDenied", "NotFound", "InvalidCredentials", "Conflict"] as const) {
    const flaky = new FlakyStore();
    flaky.failures.set("put", [code]);
    await assert.rejects(new RetryingStore(flaky, instant).put("k", Buffer.from("v")), (err) =>
      StorageError.is(err, code),
    );
    assert.equal(flaky.calls.length, 1, code);
  }
});

test("retries stop after maxAttempts", async () => {
  const flaky = new FlakyStore();
  flaky.failures.set("put", ["Timeout", "Timeout", "Timeout", "Timeout", "Timeout"]);
  await assert.rejects(new RetryingStore(flaky, instant).put("k", Buffer.from("v")), (err) =>
    StorageError.is(err, "Timeout"),
  );
  assert.equal(flaky.calls.length, 4);
});

test("a stream body is not replayed", async () => {
  const flaky = new FlakyStore();
  flaky.failures.set("put", ["Network"]);
  await assert.rejects(new RetryingStore(flaky, instant).put("k", Readable.from([Buffer.from("v")])));
  assert.equal(flaky.calls.length, 1);
});

test("a retried ifAbsent put that finds its own earlier write succeeds", async () => {
  const flaky = new FlakyStore();
  const store = new RetryingStore(flaky, instant);
  // the first attempt stores the object but its response is lost
  const original = flaky.put.bind(flaky);
  let first = true;
  flaky.put = async (key, body, options) => {
    await original(key, body, options);
    if (first) {
      first = false;
      throw new StorageError("Network", "response lost");
    }
  };
  await store.put("once", Buffer.from("mine"), { ifAbsent: true });
  await flaky.put("other", Buffer.from("theirs"));
  await assert.rejects(store.put("other", Buffer.from("mine!!"), { ifAbsent: true }), (err) =>
    StorageError.is(err, "Conflict"),
  );
});

test("a download that breaks mid-body resumes from the first missing byte", async () => {
  const flaky = new FlakyStore();
  const data = Buffer.from("0123456789".repeat(1000));
  await flaky.put("big", data);
  flaky.breakBodyAfter = 3333;
  const got = await readAll(await new RetryingStore(flaky, instant).get("big", { offset: 100, length: 9000 }));
  assert.deepEqual(got, data.subarray(100, 9100));
  assert.equal(flaky.calls.filter((c) => c === "get").length, 2);
});

test("a listing that breaks is restarted without repeating entries", async () => {
  const flaky = new FlakyStore();
  for (const k of ["a", "b", "c", "d", "e"]) await flaky.put(k, Buffer.from(k));
  flaky.failures.set("list", ["Network"]);
  const keys = (await listAll(new RetryingStore(flaky, instant))).map((e) =>
    e.kind === "object" ? e.object.key : e.prefix,
  );
  assert.deepEqual(keys, ["a", "b", "c", "d", "e"]);
});

test("the concurrency limit holds: never more calls in flight than allowed, streams hold their slot", async () => {
  let inFlight = 0;
  let peak = 0;
  class SlowStore extends MemoryStore {
    override async put(key: string, body: PutBody, options?: PutOptions): Promise<void> {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return super.put(key, body, options);
    }
  }
  const limited = new LimitedStore(new SlowStore(), 3);
  await Promise.all(Array.from({ length: 20 }, (_, i) => limited.put(`k${i}`, Buffer.from("x"))));
  assert.equal(peak, 3);
  const one = new LimitedStore(new MemoryStore(), 1);
  await one.put("a", Buffer.from("a"));
  const open = await one.get("a");
  let second = false;
  const pending = one.stat("a").then(() => (second = true));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(second, false, "the open stream holds the only slot");
  await readAll(open);
  await pending;
  assert.equal(second, true);
});

test("metrics count operations by result, and bytes in each direction", async () => {
  const registry = new Registry();
  const flaky = new FlakyStore();
  flaky.failures.set("put", ["Throttled"]);
  const store = decorate(flaky, { name: "test", registry, retry: instant });
  await store.put("k", Buffer.from("12345"));
  await readAll(await store.get("k"));
  await assert.rejects(store.get("missing"));
  const text = await registry.metrics();
  assert.match(text, /lifeboat_object_store_operations_total\{store="test",operation="put",result="Throttled"\} 1/);
  assert.match(text, /lifeboat_object_store_operations_total\{store="test",operation="put",result="ok"\} 1/);
  assert.match(text, /lifeboat_object_store_operations_total\{store="test",operation="get",result="NotFound"\} 1/);
  assert.match(text, /lifeboat_object_store_bytes_total\{store="test",direction="out"\} 5/);
  assert.match(text, /lifeboat_object_store_bytes_total\{store="test",direction="in"\} 5/);
});
