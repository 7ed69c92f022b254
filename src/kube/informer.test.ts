import { test } from "node:test";
import assert from "node:assert/strict";
import type { V1ConfigMap } from "@kubernetes/client-node";
import { ManualClock } from "./clock.ts";
import { KubeError } from "./errors.ts";
import { Informer } from "./informer.ts";
import type { ListOptions, ListPage, ListWatchSource, WatchEvent, WatchOptions } from "./list-watch.ts";

function cm(name: string, rv: string, data?: Record<string, string>): V1ConfigMap {
  return { metadata: { name, namespace: "ns", resourceVersion: rv }, data };
}

interface OpenWatch {
  resourceVersion: string;
  emit(type: WatchEvent<V1ConfigMap>["type"], obj: V1ConfigMap): void;
  end(): void;
  fail(err: unknown): void;
}

/** A scripted API: `objects` is what a list returns; watches stay open until the test ends them. */
class FakeSource implements ListWatchSource<V1ConfigMap> {
  objects: V1ConfigMap[] = [];
  rv = "100";
  listCalls: ListOptions[] = [];
  listFailures: Error[] = [];
  watches: OpenWatch[] = [];

  list(options: ListOptions): Promise<ListPage<V1ConfigMap>> {
    this.listCalls.push(options);
    const failure = this.listFailures.shift();
    if (failure) return Promise.reject(failure);
    const start = Number(options.continue ?? "0");
    const limit = options.limit ?? this.objects.length;
    const items = this.objects.slice(start, start + limit);
    const more = start + limit < this.objects.length;
    return Promise.resolve({ items, resourceVersion: this.rv, continue: more ? String(start + limit) : undefined });
  }

  watch(options: WatchOptions<V1ConfigMap>): Promise<void> {
    return new Promise((resolve, reject) => {
      options.signal?.addEventListener("abort", () => resolve(), { once: true });
      this.watches.push({
        resourceVersion: options.resourceVersion,
        emit: (type, object) => options.onEvent({ type, object }),
        end: resolve,
        fail: reject,
      });
    });
  }

  get current(): OpenWatch {
    const w = this.watches.at(-1);
    assert.ok(w, "a watch is open");
    return w;
  }
}

function recorder(informer: Informer<V1ConfigMap>): string[] {
  const log: string[] = [];
  const id = (o: V1ConfigMap): string => `${o.metadata?.name}@${o.metadata?.resourceVersion}`;
  informer.addEventHandler({
    onAdd: (o) => log.push(`add ${id(o)}`),
    onUpdate: (old, o) => log.push(`update ${id(old)}->${id(o)}`),
    onDelete: (o) => log.push(`delete ${id(o)}`),
  });
  return log;
}

function setup(options: { resyncMs?: number; pageSize?: number } = {}) {
  const clock = new ManualClock();
  const source = new FakeSource();
  const informer = new Informer<V1ConfigMap>({ source, clock, random: () => 0, resyncMs: 0, ...options });
  return { clock, source, informer, events: recorder(informer) };
}

test("the first list is paginated, fills the cache, emits adds and marks the informer synced", async () => {
  const { clock, source, informer, events } = setup({ pageSize: 2 });
  source.objects = [cm("a", "1"), cm("b", "2"), cm("c", "3")];
  assert.equal(informer.hasSynced(), false);
  const synced = informer.waitForSync();
  informer.start();
  await clock.flush();
  assert.equal(await synced, true);
  assert.deepEqual(
    source.listCalls.map((c) => [c.limit, c.continue]),
    [
      [2, undefined],
      [2, "2"],
    ],
  );
  assert.deepEqual(events, ["add a@1", "add b@2", "add c@3"]);
  assert.equal(informer.get("b", "ns")?.metadata?.resourceVersion, "2");
  assert.equal(informer.getByKey("ns/c")?.metadata?.name, "c");
  assert.equal(informer.list("ns").length, 3);
  assert.equal(informer.list("other").length, 0);
  assert.equal(source.current.resourceVersion, "100", "the watch starts at the list's resourceVersion");
  await informer.stop();
});

test("watch events update the cache and reach the handlers; the next watch resumes from the last rv", async () => {
  const { clock, source, informer, events } = setup();
  source.objects = [cm("a", "1")];
  informer.start();
  await clock.flush();
  source.current.emit("ADDED", cm("b", "101"));
  source.current.emit("MODIFIED", cm("a", "102", { k: "v" }));
  source.current.emit("DELETED", cm("b", "103"));
  source.current.emit("BOOKMARK", { metadata: { resourceVersion: "104" } });
  assert.deepEqual(events, ["add a@1", "add b@101", "update a@1->a@102", "delete b@103"]);
  assert.deepEqual(informer.get("a", "ns")?.data, { k: "v" });
  assert.equal(informer.get("b", "ns"), undefined);
  assert.equal(informer.lastSyncResourceVersion(), "104");

  source.current.end(); // the server's timeoutSeconds elapsed
  await clock.flush();
  assert.equal(source.listCalls.length, 1, "no relist after a normal end");
  assert.equal(source.current.resourceVersion, "104");
  await informer.stop();
});

test("410 Gone relists at once and reports what changed while disconnected", async () => {
  const { clock, source, informer, events } = setup();
  source.objects = [cm("a", "1"), cm("b", "2"), cm("c", "3")];
  informer.start();
  await clock.flush();
  events.length = 0;

  source.objects = [cm("a", "1"), cm("b", "20"), cm("d", "21")];
  source.rv = "200";
  source.current.fail(new KubeError("Gone", "too old resource version"));
  await clock.flush();
  assert.equal(source.listCalls.length, 2);
  assert.deepEqual(events, ["update b@2->b@20", "add d@21", "delete c@3"]);
  assert.deepEqual(
    informer
      .list()
      .map((o) => o.metadata?.name)
      .sort(),
    ["a", "b", "d"],
  );
  assert.equal(source.current.resourceVersion, "200");
  await informer.stop();
});

test("other failures are retried with backoff 1 s, 2 s … and the backoff resets after a success", async () => {
  const { clock, source, informer } = setup();
  source.objects = [cm("a", "1")];
  source.listFailures = [new KubeError("ServerError", "boom"), new KubeError("Network", "reset")];
  informer.start();
  await clock.flush();
  assert.equal(source.listCalls.length, 1);
  await clock.advance(999);
  assert.equal(source.listCalls.length, 1);
  await clock.advance(1);
  assert.equal(source.listCalls.length, 2, "second try after 1 s");
  await clock.advance(1999);
  assert.equal(source.listCalls.length, 2);
  await clock.advance(1);
  assert.equal(source.listCalls.length, 3, "third try 2 s later");
  assert.equal(informer.hasSynced(), true);

  // A broken watch (not 410) resumes from the same resourceVersion after 1 s, without a relist.
  const watches = source.watches.length;
  source.current.fail(new KubeError("Forbidden", "no"));
  await clock.advance(999);
  assert.equal(source.watches.length, watches);
  await clock.advance(1);
  assert.equal(source.watches.length, watches + 1);
  assert.equal(source.current.resourceVersion, "100");
  assert.equal(source.listCalls.length, 3);
  await informer.stop();
});

test("a watch the server closes immediately, over and over, does not spin", async () => {
  const { clock, source, informer } = setup();
  informer.start();
  await clock.flush();
  source.current.end();
  await clock.flush();
  assert.equal(source.watches.length, 1, "the quick empty watch is followed by a pause");
  await clock.advance(1000);
  assert.equal(source.watches.length, 2);
  await informer.stop();
});

test("resync re-delivers every cached object as an update, every resyncMs", async () => {
  const { clock, source, informer, events } = setup({ resyncMs: 60_000 });
  source.objects = [cm("a", "1"), cm("b", "2")];
  informer.start();
  await clock.flush();
  events.length = 0;
  await clock.advance(59_999);
  assert.deepEqual(events, []);
  await clock.advance(1);
  assert.deepEqual(events, ["update a@1->a@1", "update b@2->b@2"]);
  await clock.advance(60_000);
  assert.equal(events.length, 4);
  await informer.stop();
});

test("a throwing handler is isolated; a late handler is told about cached objects", async () => {
  const { clock, source, informer, events } = setup();
  informer.addEventHandler({
    onAdd: () => {
      throw new Error("handler bug");
    },
  });
  source.objects = [cm("a", "1")];
  informer.start();
  await clock.flush();
  source.current.emit("ADDED", cm("b", "5"));
  assert.deepEqual(events, ["add a@1", "add b@5"]);
  const late: string[] = [];
  const remove = informer.addEventHandler({ onAdd: (o) => late.push(o.metadata?.name ?? "") });
  assert.deepEqual(late.sort(), ["a", "b"]);
  remove();
  source.current.emit("ADDED", cm("c", "6"));
  assert.deepEqual(late.sort(), ["a", "b"]);
  await informer.stop();
});

test("stop ends the watch, cancels timers and resolves waiters", async () => {
  const { clock, source, informer } = setup({ resyncMs: 1000 });
  source.listFailures = [new KubeError("ServerError", "down")];
  informer.start();
  await clock.flush();
  const waiting = informer.waitForSync();
  await informer.stop();
  assert.equal(await waiting, false);
  assert.equal(clock.pending(), 0);
  informer.start();
  await clock.advance(10_000);
  assert.equal(source.listCalls.length, 1, "a stopped informer stays stopped");
});
