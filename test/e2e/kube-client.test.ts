/**
 * The kube client layer against the real API server: rate-limited typed clients really space
 * their requests, and raw list/watch sees real pagination, watch events and 410 Gone.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { CoreV1Api, type V1ConfigMap } from "@kubernetes/client-node";
import { useCluster, type TestCluster } from "../cluster/harness.ts";
import { makeApiClient } from "../../src/kube/client.ts";
import { restListWatch, type WatchEvent } from "../../src/kube/list-watch.ts";
import { TokenBucket } from "../../src/kube/rate-limiter.ts";
import { RestClient } from "../../src/kube/rest.ts";

let cluster: TestCluster;
const namespace = `e2e-kube-client-${randomBytes(3).toString("hex")}`;

before(async () => {
  cluster = await useCluster();
  await cluster.core.createNamespace({ body: { metadata: { name: namespace } } });
});

after(async () => {
  await cluster.core.deleteNamespace({ name: namespace }).catch(() => undefined);
});

test("a client limited to 5 QPS (burst 1) takes about 2 s for 11 requests", async () => {
  const core = makeApiClient(cluster.kc, CoreV1Api, { limiter: new TokenBucket({ qps: 5, burst: 1 }) });
  const start = performance.now();
  await Promise.all(Array.from({ length: 11 }, () => core.listNamespacedConfigMap({ namespace })));
  const elapsed = performance.now() - start;
  assert.ok(elapsed >= 1900, `11 requests at 5 QPS took only ${Math.round(elapsed)} ms`);
  assert.ok(elapsed < 6000, `took ${Math.round(elapsed)} ms`);
});

test("the default limiter (100 QPS / 100 burst) does not slow a burst of 50", async () => {
  const core = makeApiClient(cluster.kc, CoreV1Api);
  const start = performance.now();
  await Promise.all(Array.from({ length: 50 }, () => core.listNamespacedConfigMap({ namespace })));
  assert.ok(performance.now() - start < 3000);
});

test("raw list paginates with real continue tokens and a watch sees changes", async () => {
  const rest = new RestClient(cluster.kc);
  const path = `/api/v1/namespaces/${namespace}/configmaps`;
  for (let i = 0; i < 5; i++) {
    await cluster.core.createNamespacedConfigMap({ namespace, body: { metadata: { name: `page-${i}` } } });
  }
  const source = restListWatch<V1ConfigMap>(rest, path);
  const first = await source.list({ limit: 2 });
  assert.equal(first.items.length, 2);
  assert.ok(first.continue, "a continue token");
  assert.equal(first.items[0]?.kind, "ConfigMap");
  const names = first.items.map((c) => c.metadata?.name);
  let token: string | undefined = first.continue;
  while (token) {
    const page = await source.list({ limit: 2, continue: token });
    names.push(...page.items.map((c) => c.metadata?.name));
    token = page.continue;
  }
  assert.deepEqual(names.filter((n) => n?.startsWith("page-")).sort(), [
    "page-0",
    "page-1",
    "page-2",
    "page-3",
    "page-4",
  ]);

  const ac = new AbortController();
  const events: Array<WatchEvent<V1ConfigMap>> = [];
  const watching = source
    .watch({
      resourceVersion: first.resourceVersion,
      signal: ac.signal,
      onEvent: (e) => {
        events.push(e);
        if (e.type === "DELETED") ac.abort();
      },
    })
    .catch((err: unknown) => {
      if (!ac.signal.aborted) throw err;
    });
  await cluster.core.deleteNamespacedConfigMap({ namespace, name: "page-3" });
  await watching;
  assert.deepEqual(
    events.filter((e) => e.type !== "BOOKMARK").map((e) => [e.type, e.object.metadata?.name]),
    [["DELETED", "page-3"]],
  );

  // "410 Gone" is not asserted here: on a fresh cluster the watch cache still holds resourceVersion
  // 1, so no old version is reliably expired; the informer's relist on Gone is unit-tested
});
