/**
 * Lifeboat end to end, as a user drives it: `npm run lifeboat:up` (CRDs, credentials, default
 * location, `lifeboat server` in the background) and then only the CLI. A namespace with every
 * common kind is backed up, deleted and restored; restored again into another namespace while
 * the original exists; existing objects are left alone or updated by policy; selector backups
 * take exactly what they select; logs, results and contents come through presigned URLs; a bad
 * location fails validation; a server killed mid-backup leaves a Failed backup and nothing in
 * the bucket.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { useCluster, type TestCluster } from "../cluster/harness.ts";
import { devPrefix, killServer, lifeboatCli, useLifeboat, type LifeboatInfo } from "../cluster/lifeboat.ts";
import { openClusterBucket } from "../support/cluster-bucket.ts";
import { createWorkload, deleteNamespace, gizmosCrd } from "../support/workload.ts";

const suffix = randomBytes(3).toString("hex");
const ns = `e2e-shop-${suffix}`;
const copyNs = `e2e-shop-copy-${suffix}`;
let cluster: TestCluster;
let lifeboat: LifeboatInfo;

interface Obj {
  metadata: { name: string; labels?: Record<string, string>; uid?: string };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  data?: Record<string, string>;
}

const cli = (...args: string[]) => lifeboatCli(lifeboat.kubeconfig, args);
const getJson = async <T>(...args: string[]): Promise<T> =>
  JSON.parse(await cluster.kubectl([...args, "-o", "json"])) as T;

async function bucketKeys(prefix: string): Promise<string[]> {
  const store = openClusterBucket(lifeboat.s3, devPrefix, "e2e");
  const keys: string[] = [];
  for await (const entry of store.list({ prefix })) if (entry.kind === "object") keys.push(entry.object.key);
  return keys;
}

before(async () => {
  cluster = await useCluster();
  lifeboat = await useLifeboat();
  await createWorkload(cluster, ns);
});

after(async () => {
  for (const n of [ns, copyNs]) await cluster.kubectl(["delete", "namespace", n, "--wait=false"]).catch(() => "");
});

test("backup → delete the namespace → restore brings every object back", async () => {
  const backup = `shop-${suffix}`;
  await cli("backup", "create", backup, "--include-namespaces", ns, "--wait");
  const status = (await getJson<Obj>("-n", "lifeboat", "get", "backups.lifeboat.dev", backup)).status ?? {};
  assert.equal(status["phase"], "Completed");
  assert.equal(status["errors"] ?? 0, 0);
  const progress = status["progress"] as { totalItems: number; itemsBackedUp: number };
  assert.ok(progress.itemsBackedUp >= 15, `only ${progress.itemsBackedUp} items`);

  const before = {
    deploy: await getJson<Obj>("-n", ns, "get", "deployment", "web"),
    sts: await getJson<Obj>("-n", ns, "get", "statefulset", "db"),
    cm: await getJson<Obj>("-n", ns, "get", "configmap", "settings"),
    secret: await getJson<Obj>("-n", ns, "get", "secret", "db-password"),
    svc: await getJson<Obj>("-n", ns, "get", "service", "web"),
    widget: await getJson<Obj>("-n", ns, "get", "gizmos", "small"),
    rb: await getJson<Obj & { subjects: unknown }>("-n", ns, "get", "rolebinding", "shop-sa-reader"),
  };
  await deleteNamespace(cluster, ns);

  const restore = `shop-restore-${suffix}`;
  await cli("restore", "create", restore, "--from-backup", backup, "--wait");
  const restored = await getJson<Obj>("-n", lifeboat.namespace, "get", "restores.lifeboat.dev", restore);
  assert.equal(restored.status?.["phase"], "Completed", JSON.stringify(restored.status));
  assert.equal(restored.status?.["errors"] ?? 0, 0);
  const deploy = await getJson<Obj>("-n", ns, "get", "deployment", "web");
  assert.deepEqual(deploy.spec?.["template"], before.deploy.spec?.["template"]);
  assert.equal(deploy.metadata.labels?.["lifeboat.dev/restore-name"], restore);
  assert.equal(deploy.metadata.labels?.["lifeboat.dev/backup-name"], backup);
  assert.deepEqual(
    (await getJson<Obj>("-n", ns, "get", "statefulset", "db")).spec?.["template"],
    before.sts.spec?.["template"],
  );
  assert.deepEqual((await getJson<Obj>("-n", ns, "get", "configmap", "settings")).data, before.cm.data);
  assert.deepEqual((await getJson<Obj>("-n", ns, "get", "secret", "db-password")).data, before.secret.data);
  assert.deepEqual(
    (await getJson<Obj & { subjects: unknown }>("-n", ns, "get", "rolebinding", "shop-sa-reader")).subjects,
    before.rb.subjects,
  );
  assert.deepEqual((await getJson<Obj>("-n", ns, "get", "gizmos", "small")).spec, before.widget.spec);
  const svc = await getJson<Obj>("-n", ns, "get", "service", "web");
  assert.deepEqual(svc.spec?.["ports"], before.svc.spec?.["ports"]);
  assert.match(String(svc.spec?.["clusterIP"]), /^\d+\.\d+\.\d+\.\d+$/);
  assert.equal((await getJson<Obj>("-n", ns, "get", "service", "db")).spec?.["clusterIP"], "None");
  await assert.rejects(cluster.kubectl(["-n", ns, "get", "job", "migrate"]), /NotFound|not found/);
  const crd = await getJson<Obj>("get", "crd", gizmosCrd);
  assert.ok(crd.metadata.name);

  const describe = await cli("restore", "describe", restore, "--details");
  assert.match(describe, /Completed/);
  const logs = await cli("restore", "logs", restore);
  assert.match(logs, /restore finished/);
});

test("describe --details, logs and download read the backup through presigned URLs", async () => {
  const backup = `shop-details-${suffix}`;
  await cli("backup", "create", backup, "--include-namespaces", ns, "--wait");
  const describe = await cli("backup", "describe", backup, "--details");
  assert.match(describe, /Completed/);
  assert.match(describe, /apps\/v1\/Deployment/);
  assert.match(describe, new RegExp(`${ns}/web`));
  const logs = await cli("backup", "logs", backup);
  assert.match(logs, /backup finished/);
  const dir = await mkdtemp(path.join(tmpdir(), "lifeboat-download-"));
  const file = path.join(dir, "contents.tar.gz");
  await cli("backup", "download", backup, "-o", file);
  assert.ok(existsSync(file));
  const listing = await import("node:child_process").then(({ execFileSync }) =>
    execFileSync("tar", ["-tzf", file], { encoding: "utf8" }),
  );
  assert.match(listing, /^metadata\/version$/m);
  assert.match(listing, new RegExp(`resources/deployments.apps/namespaces/${ns}/web.json`));
  await rm(dir, { recursive: true, force: true });
});

test("restore with --namespace-mappings while the original still exists", async () => {
  const backup = `shop-map-${suffix}`;
  await cli("backup", "create", backup, "--include-namespaces", ns, "--wait");
  const restore = `shop-map-restore-${suffix}`;
  await cli("restore", "create", restore, "--from-backup", backup, "--namespace-mappings", `${ns}:${copyNs}`, "--wait");
  const copy = await getJson<Obj>("-n", copyNs, "get", "configmap", "settings");
  assert.equal(copy.data?.["mode"], "production");
  const original = await getJson<Obj>("-n", ns, "get", "configmap", "settings");
  assert.notEqual(copy.metadata.uid, original.metadata.uid);
  const rb = await getJson<{ subjects: Array<{ namespace: string }> }>(
    "-n",
    copyNs,
    "get",
    "rolebinding",
    "shop-sa-reader",
  );
  assert.equal(rb.subjects[0]?.namespace, copyNs);
});

test("existing objects: policy none leaves a changed one alone with a warning; update patches it back", async () => {
  const backup = `shop-policy-${suffix}`;
  await cli("backup", "create", backup, "--include-namespaces", ns, "--include-resources", "configmaps", "--wait");
  await cluster.kubectl([
    "-n",
    ns,
    "patch",
    "configmap",
    "settings",
    "--type=merge",
    "-p",
    '{"data":{"mode":"changed"}}',
  ]);
  const none = `shop-none-${suffix}`;
  // Warnings never change the phase: the restore completes and says what it left alone.
  await cli("restore", "create", none, "--from-backup", backup, "--wait");
  const afterNone = await getJson<Obj>("-n", lifeboat.namespace, "get", "restores.lifeboat.dev", none);
  assert.ok(Number(afterNone.status?.["warnings"] ?? 0) >= 1, "a warning for the changed ConfigMap");
  assert.equal((await getJson<Obj>("-n", ns, "get", "configmap", "settings")).data?.["mode"], "changed");
  const update = `shop-update-${suffix}`;
  await cli("restore", "create", update, "--from-backup", backup, "--existing-resource-policy", "update", "--wait");
  assert.equal((await getJson<Obj>("-n", ns, "get", "configmap", "settings")).data?.["mode"], "production");
});

test("label-selector and OR-selector backups take exactly what they select", async () => {
  const byLabel = `shop-label-${suffix}`;
  await cli("backup", "create", byLabel, "--include-namespaces", ns, "-l", "app=shop", "--wait");
  const text = await cli("backup", "describe", byLabel, "--details");
  assert.match(text, new RegExp(`${ns}/settings`));
  assert.match(text, new RegExp(`${ns}/web$`, "m"));
  assert.doesNotMatch(text, new RegExp(`${ns}/unlabelled`));
  assert.doesNotMatch(text, new RegExp(`${ns}/db-password`));
  const byOr = `shop-or-${suffix}`;
  await cli("backup", "create", byOr, "--include-namespaces", ns, "--or-selector", "tier=config or app=db", "--wait");
  const orText = await cli("backup", "describe", byOr, "--details");
  assert.match(orText, new RegExp(`${ns}/settings`));
  assert.match(orText, new RegExp(`${ns}/db-password`));
  assert.doesNotMatch(orText, new RegExp(`${ns}/unlabelled`));
  assert.doesNotMatch(orText, new RegExp(`${ns}/web$`, "m"));
});

test("a backup against an Unavailable location fails validation with the location's message", async () => {
  const location = `broken-${suffix}`;
  await cli(
    "backup-location",
    "create",
    location,
    "--provider",
    "aws",
    "--bucket",
    "no-such-bucket-here",
    "--config",
    `region=minio,s3ForcePathStyle=true,s3Url=${lifeboat.s3.endpoint}`,
    "--credential",
    "cloud-credentials=cloud",
  );
  const backup = `shop-broken-${suffix}`;
  await assert.rejects(
    cli("backup", "create", backup, "--include-namespaces", ns, "--storage-location", location, "--wait"),
  );
  const status = (await getJson<Obj>("-n", lifeboat.namespace, "get", "backups.lifeboat.dev", backup)).status ?? {};
  assert.equal(status["phase"], "FailedValidation");
  assert.match(JSON.stringify(status["validationErrors"]), /no-such-bucket-here|does not exist/);
  await cli("backup-location", "delete", location, "--confirm");
});

test("a server killed mid-backup: on restart the backup is Failed and nothing of it is in the bucket", async () => {
  // A volume of 256 MiB keeps the backup in WaitingForPodVolumes for seconds: a kill that
  // always lands mid-backup, however fast the resources are collected.
  const file = await open(path.join(await cluster.volumePath(ns, "db-0", "data"), "big.bin"), "w");
  for (let i = 0; i < 32; i++) await file.write(randomBytes(8 * 1024 * 1024));
  await file.close();
  await cluster.kubectl(["-n", ns, "annotate", "pod/db-0", "backup.lifeboat.dev/backup-volumes=data", "--overwrite"]);
  const backup = `killed-${suffix}`;
  await cli("backup", "create", backup, "--include-namespaces", ns);
  for (let i = 0; ; i++) {
    const phase = (await getJson<Obj>("-n", lifeboat.namespace, "get", "backups.lifeboat.dev", backup)).status?.[
      "phase"
    ];
    if (phase === "WaitingForPodVolumes") break;
    assert.ok(
      [undefined, "New", "InProgress"].includes(phase as string),
      `backup reached ${String(phase)} before the kill`,
    );
    assert.ok(i < 1200, "the backup never reached its pod volumes");
    await new Promise((r) => setTimeout(r, 50));
  }
  await killServer();
  lifeboat = await useLifeboat();
  for (let i = 0; ; i++) {
    const status = (await getJson<Obj>("-n", lifeboat.namespace, "get", "backups.lifeboat.dev", backup)).status ?? {};
    if (status["phase"] === "Failed") {
      assert.match(String(status["failureReason"]), /server stopped/);
      break;
    }
    assert.ok(i < 240, `backup still ${String(status["phase"])}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.deepEqual(await bucketKeys(`backups/${backup}/`), []);
  await cluster.kubectl(["-n", ns, "annotate", "pod/db-0", "backup.lifeboat.dev/backup-volumes-"]);
});

test("backup delete removes the backup's objects from the bucket, then the Backup", async () => {
  const backup = `shop-delete-${suffix}`;
  await cli("backup", "create", backup, "--include-namespaces", ns, "--include-resources", "configmaps", "--wait");
  assert.ok((await bucketKeys(`backups/${backup}/`)).length >= 4);
  await cli("backup", "delete", backup, "--confirm");
  for (let i = 0; ; i++) {
    const gone = await cluster
      .kubectl(["-n", lifeboat.namespace, "get", "backups.lifeboat.dev", backup])
      .then(() => false)
      .catch(() => true);
    if (gone) break;
    assert.ok(i < 120, "the Backup was not deleted");
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.deepEqual(await bucketKeys(`backups/${backup}/`), []);
});

test("version reports the server's version through a ServerStatusRequest", async () => {
  const out = await cli("version");
  assert.match(out, /Server:[\s\S]*v\d+\.\d+\.\d+/);
  assert.doesNotMatch(out, /not reachable/);
});
