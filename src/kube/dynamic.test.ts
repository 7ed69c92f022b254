/** DynamicClient against a fake API server: paths, apiVersion/kind filled in, paging, 410 restarts, writes. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DynamicClient, type Unstructured } from "./dynamic.ts";
import { RestClient } from "./rest.ts";
import { sendJson, sendStatus, startFakeApi } from "./test-api-server.ts";
import { fixedCatalog } from "./test-catalog.ts";

const pods = fixedCatalog.byGroupResource("pods")!;
const deployments = fixedCatalog.byGroupResource("deployments.apps")!;
const pvs = fixedCatalog.byGroupResource("persistentvolumes")!;

function cm(ns: string, name: string): Unstructured {
  return { metadata: { namespace: ns, name } };
}

test("path spells core, group, namespaced and cluster-scoped URLs", () => {
  const dyn = new DynamicClient({} as RestClient);
  assert.equal(dyn.path(pods), "/api/v1/pods");
  assert.equal(dyn.path(pods, "ns1"), "/api/v1/namespaces/ns1/pods");
  assert.equal(dyn.path(pods, "ns1", "p"), "/api/v1/namespaces/ns1/pods/p");
  assert.equal(dyn.path(deployments, "ns1", "d"), "/apis/apps/v1/namespaces/ns1/deployments/d");
  assert.equal(dyn.path(pvs, "ignored", "pv-1"), "/api/v1/persistentvolumes/pv-1");
  assert.equal(
    dyn.path({ group: "x.io", version: "v2", resource: "things", namespaced: true }, "n", "a:b"),
    "/apis/x.io/v2/namespaces/n/things/a%3Ab",
  );
  assert.throws(() => dyn.path(pods, "ns", ""), /name is empty/);
});

test("listPage fills apiVersion and kind and passes selectors, limit and continue", async () => {
  const api = await startFakeApi((_req, res) =>
    sendJson(res, 200, {
      kind: "DeploymentList",
      metadata: { resourceVersion: "42", continue: "tok2" },
      items: [{ metadata: { name: "a" } }],
    }),
  );
  try {
    const dyn = new DynamicClient(new RestClient(api.kc));
    const page = await dyn.listPage(deployments, {
      namespace: "ns",
      labelSelector: "app=web",
      limit: 10,
      continue: "tok1",
    });
    assert.deepEqual(page, {
      items: [{ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "a" } }],
      continue: "tok2",
      resourceVersion: "42",
    });
    const url = api.requests[0]!.url;
    assert.equal(url.pathname, "/apis/apps/v1/namespaces/ns/deployments");
    assert.equal(url.searchParams.get("labelSelector"), "app=web");
    assert.equal(url.searchParams.get("limit"), "10");
    assert.equal(url.searchParams.get("continue"), "tok1");
    // Without a kind on the ref, the list's kind gives it.
    const generic = await dyn.listPage({ group: "apps", version: "v1", resource: "deployments", namespaced: true });
    assert.equal(generic.items[0]?.kind, "Deployment");
  } finally {
    await api.close();
  }
});

test("listAll pages through every item, 500 at a time by default", async () => {
  const all = Array.from({ length: 1203 }, (_, i) => cm("ns", `c${String(i).padStart(5, "0")}`));
  const api = await startFakeApi((req, res) => {
    const limit = Number(req.url.searchParams.get("limit"));
    const from = Number(req.url.searchParams.get("continue") ?? "0");
    const next = from + limit < all.length ? String(from + limit) : undefined;
    sendJson(res, 200, {
      kind: "ConfigMapList",
      metadata: {
        resourceVersion: "1",
        continue: next,
        remainingItemCount: next ? all.length - from - limit : undefined,
      },
      items: all.slice(from, from + limit),
    });
  });
  try {
    const dyn = new DynamicClient(new RestClient(api.kc));
    const got: string[] = [];
    const pages: (number | undefined)[] = [];
    const onPage = (p: { remainingItemCount?: number }) => pages.push(p.remainingItemCount);
    for await (const item of dyn.listAll(fixedCatalog.byGroupResource("configmaps")!, { onPage }))
      got.push(item.metadata?.name ?? "");
    assert.equal(got.length, 1203);
    assert.equal(new Set(got).size, 1203);
    assert.equal(api.requests.length, 3);
    assert.equal(api.requests[0]?.url.searchParams.get("limit"), "500");
    assert.deepEqual(pages, [703, 203, undefined]);
  } finally {
    await api.close();
  }
});

test("listAll restarts on 410 Gone and yields nothing twice", async () => {
  const all = Array.from({ length: 10 }, (_, i) => cm(`ns${i % 2}`, `c${i}`)).sort((a, b) =>
    `${a.metadata?.namespace}/${a.metadata?.name}`.localeCompare(`${b.metadata?.namespace}/${b.metadata?.name}`),
  );
  let expired = false;
  const api = await startFakeApi((req, res) => {
    const from = Number(req.url.searchParams.get("continue") ?? "0");
    if (from === 8 && !expired) {
      expired = true;
      return sendStatus(res, 410, "Expired", "The provided continue parameter is too old");
    }
    const next = from + 4 < all.length ? String(from + 4) : undefined;
    sendJson(res, 200, { kind: "ConfigMapList", metadata: { continue: next }, items: all.slice(from, from + 4) });
  });
  try {
    const dyn = new DynamicClient(new RestClient(api.kc));
    const got: string[] = [];
    for await (const item of dyn.listAll(fixedCatalog.byGroupResource("configmaps")!, { limit: 4 }))
      got.push(item.metadata?.name ?? "");
    assert.deepEqual(
      got,
      all.map((c) => c.metadata?.name),
    );
    assert.ok(expired);
    assert.equal(api.requests.length, 6, "2 pages, the 410, then 3 pages from scratch");
  } finally {
    await api.close();
  }
});

test("a 410 on the first page is not retried", async () => {
  const api = await startFakeApi((_req, res) => sendStatus(res, 410, "Expired"));
  try {
    const dyn = new DynamicClient(new RestClient(api.kc));
    await assert.rejects(
      async () => {
        for await (const _ of dyn.listAll(pods)) void _;
      },
      (err: { code?: string }) => err.code === "Gone",
    );
    assert.equal(api.requests.length, 1);
  } finally {
    await api.close();
  }
});

test("get, create, patch (merge), replace and delete hit the right URLs with the right verbs", async () => {
  const api = await startFakeApi((req, res) => sendJson(res, 200, { kind: "Deployment", metadata: { name: "d" } }));
  try {
    const dyn = new DynamicClient(new RestClient(api.kc));
    await dyn.get(deployments, "d", "ns");
    await dyn.create(deployments, { metadata: { name: "d", namespace: "ns" } });
    await dyn.patch(deployments, "d", { metadata: { labels: { a: "b" } } }, "ns");
    await dyn.replace(deployments, { metadata: { name: "d", namespace: "ns", resourceVersion: "7" } });
    await dyn.delete(deployments, "d", "ns");
    assert.deepEqual(
      api.requests.map((r) => `${r.method} ${r.url.pathname}`),
      [
        "GET /apis/apps/v1/namespaces/ns/deployments/d",
        "POST /apis/apps/v1/namespaces/ns/deployments",
        "PATCH /apis/apps/v1/namespaces/ns/deployments/d",
        "PUT /apis/apps/v1/namespaces/ns/deployments/d",
        "DELETE /apis/apps/v1/namespaces/ns/deployments/d",
      ],
    );
    assert.equal(api.requests[2]?.headers["content-type"], "application/merge-patch+json");
    assert.deepEqual(JSON.parse(api.requests[3]?.body ?? ""), {
      metadata: { name: "d", namespace: "ns", resourceVersion: "7" },
    });
  } finally {
    await api.close();
  }
});
