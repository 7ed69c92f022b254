import { test } from "node:test";
import assert from "node:assert/strict";
import { differences, labelsPatch, updatePatch } from "./compare.ts";

const ours = { "lifeboat.dev/backup-name": "b1", "lifeboat.dev/restore-name": "r2" };

test("server-set metadata, status, restore labels and fields only the server sets are not differences", () => {
  const desired = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: "shop", labels: { app: "web", ...ours } },
    spec: { type: "NodePort", ports: [{ name: "http", port: 80, protocol: "TCP" }], selector: { app: "web" } },
  };
  const live = {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: "web",
      namespace: "shop",
      uid: "u",
      resourceVersion: "7",
      creationTimestamp: "2026-01-01T00:00:00Z",
      managedFields: [{}],
      labels: { app: "web", "lifeboat.dev/backup-name": "b0", "lifeboat.dev/restore-name": "r1", extra: "x" },
    },
    spec: {
      type: "NodePort",
      clusterIP: "10.0.0.9",
      clusterIPs: ["10.0.0.9"],
      ports: [{ name: "http", port: 80, protocol: "TCP", nodePort: 31234, targetPort: 80 }],
      selector: { app: "web" },
      sessionAffinity: "None",
    },
    status: { loadBalancer: {} },
  };
  assert.deepEqual(differences("services", desired, live), []);
});

test("a changed value, a changed array and a missing label are differences, by path", () => {
  const desired = {
    metadata: { name: "app", labels: { tier: "web" } },
    spec: { replicas: 3, args: ["a", "b"] },
  };
  const live = { metadata: { name: "app", labels: {} }, spec: { replicas: 1, args: ["a"] } };
  assert.deepEqual(differences("deployments.apps", desired, live), [
    "metadata.labels.tier",
    "spec.replicas",
    "spec.args",
  ]);
});

test("ConfigMap data is compared key for key, in both directions", () => {
  const desired = { metadata: { name: "c" }, data: { a: "1" } };
  assert.deepEqual(differences("configmaps", desired, { metadata: { name: "c" }, data: { a: "1" } }), []);
  assert.deepEqual(differences("configmaps", desired, { metadata: { name: "c" }, data: { a: "2" } }), ["data.a"]);
  assert.deepEqual(differences("configmaps", desired, { metadata: { name: "c" }, data: { a: "1", b: "2" } }), [
    "data.b",
  ]);
});

test("a live pod's scheduling and injected token volume are not differences", () => {
  const desired = {
    metadata: { name: "p" },
    spec: {
      containers: [{ name: "c", volumeMounts: [{ name: "data", mountPath: "/d" }] }],
      volumes: [{ name: "data" }],
    },
  };
  const live = {
    metadata: { name: "p" },
    spec: {
      nodeName: "node-2",
      priority: 0,
      containers: [
        {
          name: "c",
          volumeMounts: [
            { name: "data", mountPath: "/d" },
            { name: "kube-api-access-abcde", mountPath: "/var/run/secrets/kubernetes.io/serviceaccount" },
          ],
        },
      ],
      volumes: [{ name: "data" }, { name: "kube-api-access-abcde", projected: {} }],
    },
  };
  assert.deepEqual(differences("pods", desired, live), []);
});

test("empty values equal absent ones", () => {
  assert.deepEqual(
    differences(
      "x",
      { metadata: { name: "a", annotations: {} }, spec: { list: [] } },
      { metadata: { name: "a" }, spec: {} },
    ),
    [],
  );
});

test("the update patch carries the content and removes data keys only the live object has", () => {
  const desired = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "c", namespace: "shop", labels: { app: "x", ...ours } },
    data: { a: "1" },
  };
  const live = { metadata: { name: "c", labels: { other: "y" } }, data: { a: "2", b: "3" } };
  assert.deepEqual(updatePatch(desired, live), {
    metadata: { labels: { app: "x", ...ours } },
    data: { a: "1", b: null },
  });
  assert.deepEqual(labelsPatch(desired), { metadata: { labels: ours } });
});
