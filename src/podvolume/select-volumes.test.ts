import { test } from "node:test";
import assert from "node:assert/strict";
import type { V1Pod, V1Volume } from "@kubernetes/client-node";
import { ClaimRegistry, dedupeClaims, parseVolumeList, selectVolumes, type VolumeSelection } from "./select-volumes.ts";

const volumes: V1Volume[] = [
  { name: "data", persistentVolumeClaim: { claimName: "data-db-0" } },
  { name: "cache", emptyDir: {} },
  { name: "host", hostPath: { path: "/var/log" } },
  { name: "creds", secret: { secretName: "s" } },
  { name: "conf", configMap: { name: "c" } },
  { name: "kube-api-access-x1y2z", projected: { sources: [] } },
  { name: "labels", downwardAPI: {} },
  { name: "scratch", ephemeral: { volumeClaimTemplate: { spec: {} } } },
  { name: "nfs", nfs: { server: "nfs", path: "/export" } },
];

function pod(annotations: Record<string, string> = {}, phase = "Running", name = "db-0"): V1Pod {
  return {
    metadata: { name, namespace: "shop", uid: `uid-${name}`, annotations },
    spec: { nodeName: "node-1", containers: [], volumes },
    status: { phase },
  };
}

const names = (s: VolumeSelection) => s.volumes.map((v) => v.name);
const reasonOf = (s: VolumeSelection, name: string) => s.skipped.find((k) => k.name === name)?.reason ?? "";

test("parseVolumeList trims, drops empty entries", () => {
  assert.deepEqual(parseVolumeList(" a, b,,c "), ["a", "b", "c"]);
  assert.deepEqual(parseVolumeList(undefined), []);
  assert.deepEqual(parseVolumeList(""), []);
});

test("opt-in: only the annotated volumes, with their claims", () => {
  const s = selectVolumes(pod({ "backup.lifeboat.dev/backup-volumes": "data, cache" }), {
    defaultVolumesToFsBackup: false,
  });
  assert.deepEqual(s.volumes, [{ name: "data", claimName: "data-db-0" }, { name: "cache" }]);
  assert.equal(s.unavailable, undefined);
});

test("opt-in: Velero's annotation is honoured, and unioned with Lifeboat's", () => {
  const s = selectVolumes(
    pod({ "backup.velero.io/backup-volumes": "nfs", "backup.lifeboat.dev/backup-volumes": "cache" }),
    { defaultVolumesToFsBackup: false },
  );
  assert.deepEqual(names(s).sort(), ["cache", "nfs"]);
});

test("opt-in without an annotation selects nothing", () => {
  assert.deepEqual(selectVolumes(pod(), { defaultVolumesToFsBackup: false }).volumes, []);
});

test("opt-in never takes hostPath/secret/configMap/projected/downwardAPI, and says why", () => {
  const s = selectVolumes(
    pod({ "backup.lifeboat.dev/backup-volumes": "host,creds,conf,kube-api-access-x1y2z,labels,data" }),
    { defaultVolumesToFsBackup: false },
  );
  assert.deepEqual(names(s), ["data"]);
  assert.match(reasonOf(s, "host"), /hostPath/);
  assert.match(reasonOf(s, "creds"), /secret/);
  assert.match(reasonOf(s, "conf"), /configMap/);
  assert.match(reasonOf(s, "kube-api-access-x1y2z"), /projected/);
  assert.match(reasonOf(s, "labels"), /downwardAPI/);
});

test("opt-in names a volume the pod lacks: reported, not silently dropped", () => {
  const s = selectVolumes(pod({ "backup.lifeboat.dev/backup-volumes": "data,typo" }), {
    defaultVolumesToFsBackup: false,
  });
  assert.deepEqual(names(s), ["data"]);
  assert.match(reasonOf(s, "typo"), /no such volume/);
});

test("opt-out: every volume but the excluded and the never-backed-up kinds", () => {
  const s = selectVolumes(pod({ "backup.velero.io/backup-volumes-excludes": "cache" }), {
    defaultVolumesToFsBackup: true,
  });
  assert.deepEqual(names(s), ["data", "scratch", "nfs"]);
  assert.match(reasonOf(s, "cache"), /excludes/);
  assert.equal(s.volumes.find((v) => v.name === "scratch")?.claimName, "db-0-scratch");
  for (const never of ["host", "creds", "conf", "kube-api-access-x1y2z", "labels"]) assert.ok(reasonOf(s, never));
});

test("opt-out: Lifeboat's exclusion annotation works too", () => {
  const s = selectVolumes(pod({ "backup.lifeboat.dev/backup-volumes-excludes": "data,nfs" }), {
    defaultVolumesToFsBackup: true,
  });
  assert.deepEqual(names(s), ["cache", "scratch"]);
});

test("a claim bound to a hostPath PV is skipped", () => {
  const s = selectVolumes(pod({ "backup.lifeboat.dev/backup-volumes": "data,cache" }), {
    defaultVolumesToFsBackup: false,
    isHostPathClaim: (claim) => claim === "data-db-0",
  });
  assert.deepEqual(names(s), ["cache"]);
  assert.match(reasonOf(s, "data"), /hostPath/);
});

test("a pod that is not Running is reported with the reason, volumes still named", () => {
  const pending = selectVolumes(pod({ "backup.lifeboat.dev/backup-volumes": "data" }, "Pending"), {
    defaultVolumesToFsBackup: false,
  });
  assert.match(pending.unavailable ?? "", /Pending, not Running/);
  assert.deepEqual(names(pending), ["data"]);
  const unscheduled = pod({ "backup.lifeboat.dev/backup-volumes": "data" });
  delete unscheduled.spec?.nodeName;
  assert.match(selectVolumes(unscheduled, { defaultVolumesToFsBackup: false }).unavailable ?? "", /not scheduled/);
});

test("a pod with nothing to back up is not reported as unavailable", () => {
  assert.equal(selectVolumes(pod({}, "Pending"), { defaultVolumesToFsBackup: false }).unavailable, undefined);
});

test("a claim mounted by two pods is backed up once, from the first", () => {
  const registry = new ClaimRegistry();
  const options = { defaultVolumesToFsBackup: false };
  const a = pod({ "backup.lifeboat.dev/backup-volumes": "data,cache" }, "Running", "web-a");
  const b = pod({ "backup.lifeboat.dev/backup-volumes": "data,cache" }, "Running", "web-b");
  const first = dedupeClaims(a, selectVolumes(a, options), registry);
  const second = dedupeClaims(b, selectVolumes(b, options), registry);
  assert.deepEqual(names(first), ["data", "cache"]);
  assert.deepEqual(names(second), ["cache"]);
  assert.match(reasonOf(second, "data"), /already backed up from pod web-a/);
  // asking again for the same pod keeps it
  assert.deepEqual(names(dedupeClaims(a, selectVolumes(a, options), registry)), ["data", "cache"]);
});

test("an unavailable pod takes no claim, so a running pod sharing it still gets it", () => {
  const registry = new ClaimRegistry();
  const options = { defaultVolumesToFsBackup: false };
  const pending = pod({ "backup.lifeboat.dev/backup-volumes": "data" }, "Pending", "web-a");
  const running = pod({ "backup.lifeboat.dev/backup-volumes": "data" }, "Running", "web-b");
  dedupeClaims(pending, selectVolumes(pending, options), registry);
  assert.deepEqual(names(dedupeClaims(running, selectVolumes(running, options), registry)), ["data"]);
});
