/** discoverResources against a fake API server: aggregated discovery, the legacy fallback, failed groups. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { discoverResources } from "./discovery.ts";
import { RestClient } from "./rest.ts";
import { sendJson, sendStatus, startFakeApi } from "./test-api-server.ts";

const aggregatedCore = {
  kind: "APIGroupDiscoveryList",
  apiVersion: "apidiscovery.k8s.io/v2",
  items: [
    {
      metadata: {},
      versions: [
        {
          version: "v1",
          resources: [
            { resource: "bindings", responseKind: { kind: "Binding" }, scope: "Namespaced", verbs: ["create"] },
            {
              resource: "pods",
              responseKind: { kind: "Pod" },
              scope: "Namespaced",
              singularResource: "pod",
              shortNames: ["po"],
              verbs: ["get", "list", "watch", "create"],
              subresources: [{ subresource: "log", verbs: ["get"] }],
            },
            {
              resource: "persistentvolumes",
              responseKind: { kind: "PersistentVolume" },
              scope: "Cluster",
              singularResource: "persistentvolume",
              shortNames: ["pv"],
              verbs: ["get", "list"],
            },
          ],
        },
      ],
    },
  ],
};

const aggregatedGroups = {
  kind: "APIGroupDiscoveryList",
  apiVersion: "apidiscovery.k8s.io/v2",
  items: [
    {
      metadata: { name: "autoscaling" },
      versions: [
        {
          version: "v2",
          resources: [
            {
              resource: "horizontalpodautoscalers",
              responseKind: { kind: "HorizontalPodAutoscaler" },
              scope: "Namespaced",
              singularResource: "horizontalpodautoscaler",
              verbs: ["get", "list"],
            },
          ],
        },
        {
          version: "v1",
          resources: [
            {
              resource: "horizontalpodautoscalers",
              responseKind: { kind: "HorizontalPodAutoscaler" },
              scope: "Namespaced",
              singularResource: "horizontalpodautoscaler",
              verbs: ["get", "list"],
            },
          ],
        },
      ],
    },
    {
      metadata: { name: "metrics.k8s.io" },
      versions: [{ version: "v1beta1", freshness: "Stale", resources: [] }],
    },
    {
      metadata: { name: "authentication.k8s.io" },
      versions: [
        {
          version: "v1",
          resources: [
            { resource: "tokenreviews", responseKind: { kind: "TokenReview" }, scope: "Cluster", verbs: ["create"] },
          ],
        },
      ],
    },
  ],
};

test("aggregated discovery: preferred version, readable resources only, stale groups reported", async () => {
  const api = await startFakeApi((req, res) => {
    if (req.url.pathname === "/api") sendJson(res, 200, aggregatedCore);
    else if (req.url.pathname === "/apis") sendJson(res, 200, aggregatedGroups);
    else sendStatus(res, 404, "NotFound");
  });
  try {
    const catalog = await discoverResources(new RestClient(api.kc));
    assert.deepEqual(
      catalog.all().map((r) => `${r.groupResource}@${r.groupVersion}`),
      ["pods@v1", "persistentvolumes@v1", "horizontalpodautoscalers.autoscaling@autoscaling/v2"],
    );
    const pods = catalog.byGroupResource("pods");
    assert.deepEqual(pods, {
      group: "",
      version: "v1",
      resource: "pods",
      kind: "Pod",
      namespaced: true,
      verbs: ["get", "list", "watch", "create"],
      shortNames: ["po"],
      singular: "pod",
      groupResource: "pods",
      groupVersion: "v1",
    });
    assert.equal(catalog.byGroupResource("persistentvolumes")?.namespaced, false);
    assert.deepEqual(
      catalog.failedGroups.map((f) => f.group),
      ["metrics.k8s.io"],
    );
    assert.equal(api.requests.length, 2, "two requests suffice");
    assert.match(String(api.requests[0]?.headers.accept), /as=APIGroupDiscoveryList/);
  } finally {
    await api.close();
  }
});

test("legacy discovery when the server has no aggregated discovery; a failing group is skipped", async () => {
  const api = await startFakeApi((req, res) => {
    switch (req.url.pathname) {
      case "/api":
        return sendJson(res, 200, { kind: "APIVersions", versions: ["v1"] });
      case "/api/v1":
        return sendJson(res, 200, {
          kind: "APIResourceList",
          groupVersion: "v1",
          resources: [
            {
              name: "configmaps",
              singularName: "configmap",
              namespaced: true,
              kind: "ConfigMap",
              verbs: ["get", "list"],
              shortNames: ["cm"],
            },
            { name: "pods/status", singularName: "", namespaced: true, kind: "Pod", verbs: ["get"] },
          ],
        });
      case "/apis":
        return sendJson(res, 200, {
          kind: "APIGroupList",
          groups: [
            {
              name: "apps",
              preferredVersion: { groupVersion: "apps/v1", version: "v1" },
              versions: [{ version: "v1" }],
            },
            { name: "broken.example.com", preferredVersion: { version: "v1" }, versions: [{ version: "v1" }] },
          ],
        });
      case "/apis/apps/v1":
        return sendJson(res, 200, {
          kind: "APIResourceList",
          resources: [
            {
              name: "deployments",
              singularName: "",
              namespaced: true,
              kind: "Deployment",
              verbs: ["get", "list"],
              shortNames: ["deploy"],
            },
          ],
        });
      default:
        return sendStatus(res, 503, "ServiceUnavailable", "the server is currently unable to handle the request");
    }
  });
  try {
    const catalog = await discoverResources(new RestClient(api.kc));
    assert.deepEqual(
      catalog.all().map((r) => r.groupResource),
      ["configmaps", "deployments.apps"],
    );
    assert.equal(catalog.byGroupResource("deployments.apps")?.singular, "deployment");
    assert.equal(catalog.resolve("deploy"), "deployments.apps");
    assert.equal(catalog.failedGroups.length, 1);
    assert.equal(catalog.failedGroups[0]?.group, "broken.example.com");
    assert.match(catalog.failedGroups[0]?.message ?? "", /unable to handle/);
  } finally {
    await api.close();
  }
});

test("a failure of /api itself is fatal", async () => {
  const api = await startFakeApi((_req, res) => sendStatus(res, 403, "Forbidden"));
  try {
    await assert.rejects(
      discoverResources(new RestClient(api.kc)),
      (err: { code?: string }) => err.code === "Forbidden",
    );
  } finally {
    await api.close();
  }
});
