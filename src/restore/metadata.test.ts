import { test } from "node:test";
import assert from "node:assert/strict";
import { addRestoreLabels, labelValueFor, resetMetadataAndStatus, withoutRestoreLabels } from "./metadata.ts";

test("server-set metadata and status are removed; name, namespace, labels and annotations stay", () => {
  const obj = resetMetadataAndStatus({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: "settings",
      generateName: "settings-",
      namespace: "shop",
      uid: "1f0",
      resourceVersion: "42",
      generation: 3,
      creationTimestamp: "2026-01-01T00:00:00Z",
      deletionTimestamp: "2026-01-02T00:00:00Z",
      deletionGracePeriodSeconds: 30,
      selfLink: "/api/v1/namespaces/shop/configmaps/settings",
      ownerReferences: [{ uid: "x" }],
      managedFields: [{ manager: "kubectl" }],
      labels: { app: "shop" },
      annotations: { note: "keep" },
      finalizers: ["example.com/keep"],
    },
    data: { a: "1" },
    status: { phase: "whatever" },
  });
  assert.deepEqual(obj, {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: "settings",
      namespace: "shop",
      labels: { app: "shop" },
      annotations: { note: "keep" },
      finalizers: ["example.com/keep"],
    },
    data: { a: "1" },
  });
});

test("restore labels are added next to the object's own", () => {
  const obj = addRestoreLabels({ metadata: { name: "a", labels: { app: "x" } } }, "nightly", "r1");
  assert.deepEqual(obj.metadata, {
    name: "a",
    labels: { app: "x", "lifeboat.dev/backup-name": "nightly", "lifeboat.dev/restore-name": "r1" },
  });
  assert.deepEqual(withoutRestoreLabels((obj.metadata as { labels: Record<string, string> }).labels), { app: "x" });
});

test("names longer than a label value allows are shortened with a hash, distinctly", () => {
  const long = "a".repeat(80);
  const value = labelValueFor(long);
  assert.equal(value.length, 63);
  assert.ok(value.startsWith("a".repeat(57)));
  assert.notEqual(labelValueFor(long + "b"), value);
  assert.equal(labelValueFor("short"), "short");
});
