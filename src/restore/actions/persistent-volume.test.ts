import { test } from "node:test";
import assert from "node:assert/strict";
import { persistentVolumeAction, volumeSkipReason } from "./persistent-volume.ts";
import { persistentVolumeClaimAction } from "./persistent-volume-claim.ts";

const pv = (policy: string) => ({
  metadata: {
    name: "pv-1",
    annotations: { "pv.kubernetes.io/bound-by-controller": "yes", "pv.kubernetes.io/provisioned-by": "csi" },
  },
  spec: {
    persistentVolumeReclaimPolicy: policy,
    claimRef: { kind: "PersistentVolumeClaim", namespace: "shop", name: "data", uid: "u1", resourceVersion: "9" },
  },
});

const decide = { restorePVs: true, fsRestoredClaims: new Set<string>() };

test("Retain volumes are restored; Delete volumes are re-provisioned", () => {
  assert.equal(volumeSkipReason(pv("Retain"), decide), undefined);
  assert.match(volumeSkipReason(pv("Delete"), decide) ?? "", /reclaim policy Delete/);
});

test("restorePVs=false and file-system restored claims mean no PV", () => {
  assert.match(volumeSkipReason(pv("Retain"), { ...decide, restorePVs: false }) ?? "", /restorePVs/);
  const fs = { restorePVs: true, fsRestoredClaims: new Set(["shop/data"]) };
  assert.match(volumeSkipReason(pv("Retain"), fs) ?? "", /file-system restore/);
});

test("a restored PV loses the old claim's uid and follows the namespace mapping", () => {
  const out = persistentVolumeAction(pv("Retain"), { namespaceMapping: { shop: "shop-copy" } }).obj as {
    metadata: { annotations: object };
    spec: { claimRef: object };
  };
  assert.deepEqual(out.spec.claimRef, { kind: "PersistentVolumeClaim", namespace: "shop-copy", name: "data" });
  assert.deepEqual(out.metadata.annotations, { "pv.kubernetes.io/provisioned-by": "csi" });
});

const claim = () => ({
  metadata: {
    name: "data",
    annotations: {
      "pv.kubernetes.io/bind-completed": "yes",
      "pv.kubernetes.io/bound-by-controller": "yes",
      "volume.kubernetes.io/selected-node": "node-1",
      "volume.kubernetes.io/storage-provisioner": "csi",
      "volume.beta.kubernetes.io/storage-provisioner": "csi",
      owner: "team-a",
    },
  },
  spec: { volumeName: "pv-1", storageClassName: "fast" },
});

test("a claim loses the old binding bookkeeping and keeps its volume name when the volume is there", () => {
  const out = persistentVolumeClaimAction(claim(), { keepVolumeName: true }).obj as {
    metadata: { annotations: object };
    spec: { volumeName?: string };
  };
  assert.deepEqual(out.metadata.annotations, { owner: "team-a" });
  assert.equal(out.spec.volumeName, "pv-1");
});

test("a claim whose volume is not restored is provisioned anew", () => {
  const out = persistentVolumeClaimAction(claim(), { keepVolumeName: false }).obj as { spec: object };
  assert.deepEqual(out.spec, { storageClassName: "fast" });
});
