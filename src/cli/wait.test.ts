import { test } from "node:test";
import assert from "node:assert/strict";
import type { ListWatchSource, WatchOptions } from "../kube/list-watch.ts";
import { waitFor, WaitError } from "./wait.ts";

interface Obj {
  metadata: { name: string; resourceVersion: string };
  phase: string;
}

const obj = (phase: string, rv: number): Obj => ({ metadata: { name: "b", resourceVersion: String(rv) }, phase });

function sequence(phases: string[]): () => Promise<Obj> {
  let i = 0;
  return () => Promise.resolve(obj(phases[Math.min(i, phases.length - 1)] ?? "", ++i));
}

function source(watch: (o: WatchOptions<Obj>) => Promise<void>): ListWatchSource<Obj> {
  return { list: () => Promise.reject(new Error("not used")), watch };
}

test("polling reads until the predicate holds and reports each version", async () => {
  const seen: string[] = [];
  const result = await waitFor({
    what: "backup b",
    get: sequence(["New", "InProgress", "Completed"]),
    until: (o) => o.phase === "Completed",
    onUpdate: (o) => seen.push(o.phase),
    pollMs: 5,
  });
  assert.equal(result.phase, "Completed");
  assert.deepEqual(seen, ["New", "InProgress", "Completed"]);
});

test("a watch from the read resourceVersion delivers the matching version without more reads", async () => {
  let gets = 0;
  let from = "";
  const result = await waitFor({
    what: "backup b",
    get: () => Promise.resolve(obj("New", ++gets)),
    watch: source((o) => {
      from = o.resourceVersion;
      o.onEvent({ type: "BOOKMARK", object: obj("", 1) });
      o.onEvent({ type: "MODIFIED", object: obj("InProgress", 2) });
      o.onEvent({ type: "MODIFIED", object: obj("Completed", 3) });
      assert.equal(o.signal?.aborted, true, "the watch is stopped once the object matched");
      return Promise.resolve();
    }),
    until: (o) => o.phase === "Completed",
  });
  assert.equal(result.phase, "Completed");
  assert.equal(gets, 1);
  assert.equal(from, "1");
});

test("a watch that ends or fails is followed by a fresh read", async () => {
  let watches = 0;
  const result = await waitFor({
    what: "backup b",
    get: sequence(["New", "Completed"]),
    watch: source(() => {
      watches++;
      return Promise.reject(new Error("410 Gone"));
    }),
    until: (o) => o.phase === "Completed",
  });
  assert.equal(result.phase, "Completed");
  assert.equal(watches, 1);
});

test("deletion while waiting is an error that says so", async () => {
  await assert.rejects(
    waitFor({
      what: 'backup "b"',
      get: sequence(["New"]),
      watch: source((o) => {
        o.onEvent({ type: "DELETED", object: obj("New", 2) });
        return Promise.resolve();
      }),
      until: () => false,
    }),
    (err: unknown) => err instanceof WaitError && err.code === "Deleted" && /backup "b" was deleted/.test(err.message),
  );
});

test("the timeout ends the wait with a clear error", async () => {
  const started = Date.now();
  await assert.rejects(
    waitFor({ what: "download request x", get: sequence(["New"]), until: () => false, timeoutMs: 100, pollMs: 10 }),
    (err: unknown) => err instanceof WaitError && err.code === "Timeout" && /within 0.1s/.test(err.message),
  );
  assert.ok(Date.now() - started < 1000);
});
