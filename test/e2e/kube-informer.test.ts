/**
 * The informer against the real API server: ConfigMaps created, updated and deleted in a fresh
 * namespace reach the handlers and the cache; an informer whose list fails (twice) or whose
 * watch breaks recovers on its own and misses nothing.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { V1ConfigMap } from "@kubernetes/client-node";
import { useCluster, type TestCluster } from "../cluster/harness.ts";
import { KubeError } from "../../src/kube/errors.ts";
import { Informer } from "../../src/kube/informer.ts";
import { restListWatch, type ListWatchSource } from "../../src/kube/list-watch.ts";
import { RestClient } from "../../src/kube/rest.ts";

let cluster: TestCluster;
let rest: RestClient;
const namespace = `e2e-kube-informer-${randomBytes(3).toString("hex")}`;
const path = `/api/v1/namespaces/${namespace}/configmaps`;

before(async () => {
  cluster = await useCluster();
  rest = new RestClient(cluster.kc);
  await cluster.core.createNamespace({ body: { metadata: { name: namespace } } });
});

after(async () => {
  await cluster.core.deleteNamespace({ name: namespace }).catch(() => undefined);
});

async function waitUntil(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function record(informer: Informer<V1ConfigMap>): string[] {
  const events: string[] = [];
  const name = (o: V1ConfigMap): string => o.metadata?.name ?? "?";
  informer.addEventHandler({
    onAdd: (o) => events.push(`add ${name(o)}`),
    onUpdate: (old, o) => events.push(`update ${name(o)} ${old.data?.v ?? "-"}->${o.data?.v ?? "-"}`),
    onDelete: (o) => events.push(`delete ${name(o)}`),
  });
  return events;
}

const createCm = (name: string, v: string) =>
  cluster.core.createNamespacedConfigMap({
    namespace,
    body: { metadata: { name, labels: { e2e: "informer" } }, data: { v } },
  });

test("create/update/delete of ConfigMaps reach the handlers and the cache", async () => {
  for (let i = 0; i < 5; i++) await createCm(`pre-${i}`, "0");
  const informer = new Informer<V1ConfigMap>({
    source: restListWatch(rest, path, { labelSelector: "e2e=informer" }),
    name: "configmaps",
    pageSize: 2,
  });
  const events = record(informer);
  informer.start();
  try {
    assert.equal(await informer.waitForSync(AbortSignal.timeout(10_000)), true);
    assert.deepEqual(events.sort(), ["add pre-0", "add pre-1", "add pre-2", "add pre-3", "add pre-4"]);
    events.length = 0;

    await createCm("live", "1");
    await waitUntil("add live", () => events.includes("add live"));
    await cluster.core.patchNamespacedConfigMap({
      namespace,
      name: "live",
      body: [{ op: "replace", path: "/data/v", value: "2" }],
    });
    await waitUntil("update live", () => events.includes("update live 1->2"));
    assert.equal(informer.get("live", namespace)?.data?.v, "2");
    await cluster.core.deleteNamespacedConfigMap({ namespace, name: "live" });
    await waitUntil("delete live", () => events.includes("delete live"));
    assert.equal(informer.get("live", namespace), undefined);
    assert.equal(informer.list(namespace).length, 5);
    assert.deepEqual(events, ["add live", "update live 1->2", "delete live"]);
  } finally {
    await informer.stop();
  }
});

test("an informer whose list fails twice and whose watch breaks recovers and misses nothing", async () => {
  const real = restListWatch<V1ConfigMap>(rest, path, { labelSelector: "e2e=informer" });
  let listCalls = 0;
  let watchCalls = 0;
  let breakWatch: (() => void) | undefined;
  const flaky: ListWatchSource<V1ConfigMap> = {
    list: (options) => {
      listCalls++;
      if (listCalls <= 2) return Promise.reject(new KubeError("ServerError", `injected list failure ${listCalls}`));
      return real.list(options);
    },
    watch: (options) => {
      watchCalls++;
      if (watchCalls > 1) return real.watch(options);
      // The first watch dies with a network error as soon as the test says so.
      const ac = new AbortController();
      options.signal?.addEventListener("abort", () => ac.abort(), { once: true });
      const watching = real.watch({ ...options, signal: ac.signal });
      return new Promise((resolve, reject) => {
        breakWatch = () => {
          ac.abort();
          reject(new KubeError("Network", "injected connection reset"));
        };
        watching.then(resolve, () => undefined);
      });
    },
  };
  const informer = new Informer<V1ConfigMap>({
    source: flaky,
    name: "flaky-configmaps",
    backoff: { initialMs: 100, maxMs: 1000 },
  });
  const events = record(informer);
  const started = Date.now();
  informer.start();
  try {
    assert.equal(await informer.waitForSync(AbortSignal.timeout(10_000)), true);
    assert.equal(listCalls, 3, "listed a third time after two failures");
    assert.ok(Date.now() - started >= 300, "waited 100 ms then 200 ms between tries");
    assert.ok(events.includes("add pre-0"));

    await waitUntil("the first watch", () => breakWatch !== undefined);
    breakWatch?.();
    await createCm("after-break", "1");
    await waitUntil("add after-break", () => events.includes("add after-break"));
    assert.equal(watchCalls, 2, "watched again");
    assert.equal(listCalls, 3, "resumed from the resourceVersion without relisting");
  } finally {
    await informer.stop();
  }
});
