import { test } from "node:test";
import assert from "node:assert/strict";
import { itemSkipReason, resourceSkipReason } from "./skip-rules.ts";

test("cluster bookkeeping and backup-tool resources are never restored", () => {
  for (const gr of [
    "nodes",
    "events",
    "events.events.k8s.io",
    "csinodes.storage.k8s.io",
    "volumeattachments.storage.k8s.io",
    "backups.lifeboat.dev",
    "restores.lifeboat.dev",
    "podvolumebackups.lifeboat.dev",
    "backups.velero.io",
    "backuprepositories.velero.io",
  ]) {
    assert.ok(resourceSkipReason(gr), gr);
  }
  for (const gr of ["pods", "deployments.apps", "couchdbs.example.com", "configmaps", "widgets.test.lifeboat.dev"]) {
    assert.equal(resourceSkipReason(gr), undefined, gr);
  }
});

test("completed pods and jobs are skipped, running ones are not", () => {
  assert.match(itemSkipReason("pods", "a", { status: { phase: "Succeeded" } }) ?? "", /completed/);
  assert.match(itemSkipReason("pods", "a", { status: { phase: "Failed" } }) ?? "", /completed/);
  assert.equal(itemSkipReason("pods", "a", { status: { phase: "Running" } }), undefined);
  assert.match(
    itemSkipReason("jobs.batch", "a", { status: { completionTime: "2026-01-01T00:00:00Z" } }) ?? "",
    /completed/,
  );
  assert.equal(itemSkipReason("jobs.batch", "a", { status: { active: 1 } }), undefined);
});

test("mirror pods, node leases and kube-root-ca.crt are skipped", () => {
  const mirror = { metadata: { annotations: { "kubernetes.io/config.mirror": "abc" } }, status: { phase: "Running" } };
  assert.match(itemSkipReason("pods", "kube-system", mirror) ?? "", /mirror/);
  assert.ok(itemSkipReason("leases.coordination.k8s.io", "kube-node-lease", {}));
  assert.equal(itemSkipReason("leases.coordination.k8s.io", "app", {}), undefined);
  assert.ok(itemSkipReason("configmaps", "app", { metadata: { name: "kube-root-ca.crt" } }));
  assert.equal(itemSkipReason("configmaps", "app", { metadata: { name: "settings" } }), undefined);
});

test("endpoints and slices the cluster's controllers write are skipped; hand-made ones are restored", () => {
  const managed = (label: string, value: string) => ({ metadata: { name: "web", labels: { [label]: value } } });
  assert.ok(itemSkipReason("endpoints", "a", managed("endpoints.kubernetes.io/managed-by", "endpoint-controller")));
  assert.ok(
    itemSkipReason(
      "endpointslices.discovery.k8s.io",
      "a",
      managed("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io"),
    ),
  );
  assert.equal(itemSkipReason("endpoints", "a", { metadata: { name: "external-db" } }), undefined);
  assert.equal(
    itemSkipReason("endpointslices.discovery.k8s.io", "a", managed("endpointslice.kubernetes.io/managed-by", "me")),
    undefined,
  );
});
