import { test } from "node:test";
import assert from "node:assert/strict";
import { type ActionContext, runActions } from "./index.ts";

const ctx: ActionContext = {
  sourceNamespace: "shop",
  namespaceMapping: { shop: "shop-copy" },
  preserveNodePorts: false,
  restorePVs: true,
  fsRestoredClaims: new Set(),
};

test("each resource gets its action; others pass unchanged", () => {
  const pod = runActions("pods", { spec: { nodeName: "n1", containers: [] } }, ctx).obj;
  assert.deepEqual(pod?.spec, { containers: [] });
  const binding = runActions("rolebindings.rbac.authorization.k8s.io", { subjects: [{ namespace: "shop" }] }, ctx).obj;
  assert.deepEqual(binding?.subjects, [{ namespace: "shop-copy" }]);
  const cm = { data: { a: "1" } };
  assert.equal(runActions("configmaps", cm, ctx).obj, cm);
});

test("a Delete-policy PV is skipped and a claim without a restorable volume loses its volume name", () => {
  const pv = { spec: { persistentVolumeReclaimPolicy: "Delete" } };
  assert.ok(runActions("persistentvolumes", pv, ctx).skip);
  const claim = runActions("persistentvolumeclaims", { spec: { volumeName: "pv-1" } }, ctx).obj;
  assert.deepEqual(claim?.spec, {});
  const kept = runActions("persistentvolumeclaims", { spec: { volumeName: "pv-1" } }, { ...ctx, keepVolumeName: true });
  assert.deepEqual(kept.obj?.spec, { volumeName: "pv-1" });
});
