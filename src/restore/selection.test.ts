import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { clusterScopedMode } from "../filters/cluster-scoped.ts";
import { NamespaceFilter } from "../filters/namespace-filter.ts";
import { ResourceFilter } from "../filters/resource-filter.ts";
import { fixedCatalog } from "../kube/test-catalog.ts";
import { selectItems, type SelectionFilters } from "./selection.ts";
import { extractTarball } from "./tarball-reader.ts";
import { tarballStream, type TarItem } from "./test-tarball.ts";

const obj = (apiVersion: string, kind: string, name: string, namespace?: string, extra: object = {}) => ({
  apiVersion,
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}), ...((extra as { metadata?: object }).metadata ?? {}) },
  ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== "metadata")),
});

const backup: TarItem[] = [
  {
    groupResource: "namespaces",
    obj: obj("v1", "Namespace", "shop", undefined, { metadata: { labels: { team: "a" } } }),
  },
  { groupResource: "namespaces", obj: obj("v1", "Namespace", "blog") },
  { groupResource: "namespaces", obj: obj("v1", "Namespace", "empty") },
  {
    groupResource: "configmaps",
    namespace: "shop",
    obj: obj("v1", "ConfigMap", "a", "shop", { metadata: { labels: { app: "web" } } }),
  },
  {
    groupResource: "configmaps",
    namespace: "shop",
    obj: obj("v1", "ConfigMap", "b", "shop", { metadata: { labels: { app: "db" } } }),
  },
  { groupResource: "configmaps", namespace: "blog", obj: obj("v1", "ConfigMap", "c", "blog") },
  { groupResource: "events", namespace: "shop", obj: obj("v1", "Event", "e1", "shop") },
  {
    groupResource: "pods",
    namespace: "shop",
    obj: obj("v1", "Pod", "done", "shop", { metadata: { labels: { app: "web" } }, status: { phase: "Succeeded" } }),
  },
  {
    groupResource: "persistentvolumeclaims",
    namespace: "shop",
    obj: obj("v1", "PersistentVolumeClaim", "data", "shop", { spec: { volumeName: "pv-shop" } }),
  },
  {
    groupResource: "persistentvolumes",
    obj: obj("v1", "PersistentVolume", "pv-shop", undefined, {
      spec: { claimRef: { namespace: "shop", name: "data" } },
    }),
  },
  {
    groupResource: "persistentvolumes",
    obj: obj("v1", "PersistentVolume", "pv-blog", undefined, { spec: { claimRef: { namespace: "blog", name: "x" } } }),
  },
  {
    groupResource: "crontabs.stable.example.com",
    namespace: "shop",
    obj: obj("stable.example.com/v1", "CronTab", "t1", "shop"),
  },
  {
    groupResource: "customresourcedefinitions.apiextensions.k8s.io",
    obj: obj("apiextensions.k8s.io/v1", "CustomResourceDefinition", "crontabs.stable.example.com"),
  },
  {
    groupResource: "customresourcedefinitions.apiextensions.k8s.io",
    obj: obj("apiextensions.k8s.io/v1", "CustomResourceDefinition", "widgets.example.com"),
  },
  {
    groupResource: "clusterrolebindings.rbac.authorization.k8s.io",
    obj: obj("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "shop-reader", undefined, {
      roleRef: { kind: "ClusterRole", name: "reader" },
      subjects: [{ kind: "ServiceAccount", name: "web", namespace: "shop" }],
    }),
  },
  {
    groupResource: "clusterroles.rbac.authorization.k8s.io",
    obj: obj("rbac.authorization.k8s.io/v1", "ClusterRole", "reader"),
  },
  {
    groupResource: "clusterroles.rbac.authorization.k8s.io",
    obj: obj("rbac.authorization.k8s.io/v1", "ClusterRole", "admin"),
  },
];

async function plan(
  filters: Partial<SelectionFilters> & { include?: string[]; exclude?: string[]; cluster?: boolean },
) {
  const dir = await mkdtemp(path.join(tmpdir(), "lifeboat-select-"));
  try {
    const { index } = await extractTarball(await tarballStream(backup), dir);
    const namespaces = new NamespaceFilter(filters.include ?? [], filters.exclude ?? []);
    const result = await selectItems(index, {
      namespaces,
      resources: filters.resources ?? new ResourceFilter(fixedCatalog, [], []),
      labelSelector: filters.labelSelector,
      orLabelSelectors: filters.orLabelSelectors,
      clusterScoped: clusterScopedMode(filters.cluster, namespaces),
      namespaceMapping: filters.namespaceMapping ?? {},
    });
    const names = (gr: string) => (result.items.get(gr) ?? []).map((i) => `${i.targetNamespace}/${i.name}`).sort();
    return { result, names };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("one namespace: its items, their cluster-scoped relatives, never events", async () => {
  const { result, names } = await plan({ include: ["shop"] });
  assert.deepEqual(names("configmaps"), ["shop/a", "shop/b"]);
  assert.deepEqual(names("persistentvolumes"), ["/pv-shop"]);
  assert.deepEqual(names("customresourcedefinitions.apiextensions.k8s.io"), ["/crontabs.stable.example.com"]);
  assert.deepEqual(names("clusterrolebindings.rbac.authorization.k8s.io"), ["/shop-reader"]);
  assert.deepEqual(names("clusterroles.rbac.authorization.k8s.io"), ["/reader"]);
  assert.equal(result.items.has("events"), false);
  assert.deepEqual(result.neverRestored, ["events"]);
  assert.deepEqual([...result.namespaces.entries()], [["shop", "shop"]]);
  const done = result.items.get("pods")?.[0];
  assert.match(done?.skipReason ?? "", /completed/);
  assert.equal(result.total, 10, "9 items + 1 namespace");
});

test("all namespaces include every cluster-scoped object and every Namespace", async () => {
  const { result, names } = await plan({});
  assert.deepEqual(names("persistentvolumes"), ["/pv-blog", "/pv-shop"]);
  assert.deepEqual(names("clusterroles.rbac.authorization.k8s.io"), ["/admin", "/reader"]);
  assert.deepEqual([...result.namespaces.keys()].sort(), ["blog", "empty", "shop"]);
});

test("includeClusterResources=false leaves every cluster-scoped object out", async () => {
  const { result } = await plan({ include: ["shop"], cluster: false });
  assert.equal(result.items.has("persistentvolumes"), false);
  assert.equal(result.items.has("customresourcedefinitions.apiextensions.k8s.io"), false);
  assert.ok(result.items.has("configmaps"));
});

test("label selectors pick items; OR selectors pick any match", async () => {
  const { names } = await plan({ include: ["shop"], labelSelector: { matchLabels: { app: "web" } } });
  assert.deepEqual(names("configmaps"), ["shop/a"]);
  const or = await plan({
    include: ["shop"],
    orLabelSelectors: [{ matchLabels: { app: "web" } }, { matchLabels: { app: "db" } }],
  });
  assert.deepEqual(or.names("configmaps"), ["shop/a", "shop/b"]);
});

test("namespace mapping sets target namespaces; the resource filter applies", async () => {
  const { result, names } = await plan({
    include: ["shop", "blog"],
    namespaceMapping: { shop: "shop-copy" },
    resources: new ResourceFilter(fixedCatalog, ["cm"], []),
  });
  assert.deepEqual(names("configmaps"), ["blog/c", "shop-copy/a", "shop-copy/b"]);
  assert.deepEqual([...result.items.keys()], ["configmaps"]);
  assert.equal(result.namespaces.get("shop-copy"), "shop");
});

test("an item that cannot be read from the backup is planned as failed; the rest goes on", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "lifeboat-select-bad-"));
  try {
    const stream = await tarballStream([backup[3]!], {
      raw: [{ name: "resources/configmaps/namespaces/shop/broken.json", content: "{not json" }],
    });
    const { index } = await extractTarball(stream, dir);
    const namespaces = new NamespaceFilter([], []);
    const result = await selectItems(index, {
      namespaces,
      resources: new ResourceFilter(fixedCatalog, [], []),
      clusterScoped: clusterScopedMode(undefined, namespaces),
      namespaceMapping: {},
    });
    const items = result.items.get("configmaps") ?? [];
    assert.deepEqual(
      items.map((i) => [i.name, i.readError ? "unreadable" : "ok"]),
      [
        ["a", "ok"],
        ["broken", "unreadable"],
      ],
    );
    assert.match(items[1]?.readError ?? "", /configmaps shop\/broken: item is not valid JSON/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
