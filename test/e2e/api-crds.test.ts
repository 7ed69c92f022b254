/**
 * Lifeboat's generated CRDs in the real API server (v1.36): installed (created, or replaced when
 * present) and Established; then the server itself enforces what the schemas say — a valid object
 * of every kind is accepted, CEL rules and enums and duration patterns reject bad specs with our
 * messages, status is a subresource, unknown fields are pruned, label selectors filter lists,
 * and kubectl shows Velero's columns. The CRDs stay installed: the rest of the suite uses them.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { useCluster, type TestCluster } from "../cluster/harness.ts";
import { backupRepositoryDefinition, type BackupRepository } from "../../src/api/backup-repository.ts";
import { backupStorageLocationDefinition, type BackupStorageLocation } from "../../src/api/backup-storage-location.ts";
import { backupDefinition, type Backup, type BackupSpec } from "../../src/api/backup.ts";
import { allDefinitions, crdManifest, crdName } from "../../src/api/crds.ts";
import { deleteBackupRequestDefinition, type DeleteBackupRequest } from "../../src/api/delete-backup-request.ts";
import { downloadRequestDefinition, type DownloadRequest } from "../../src/api/download-request.ts";
import { apiVersion, labels, type ApiVersion } from "../../src/api/group.ts";
import { podVolumeBackupDefinition, type PodVolumeBackup } from "../../src/api/pod-volume-backup.ts";
import { podVolumeRestoreDefinition, type PodVolumeRestore } from "../../src/api/pod-volume-restore.ts";
import { restoreDefinition, restoreSourceRule, type Restore, type RestoreSpec } from "../../src/api/restore.ts";
import { selectorRule } from "../../src/api/resource-filters.ts";
import { scheduleDefinition, type Schedule } from "../../src/api/schedule.ts";
import { serverStatusRequestDefinition, type ServerStatusRequest } from "../../src/api/server-status-request.ts";
import { applyCrd, waitEstablished } from "../../src/cli/install.ts";
import { KubeError } from "../../src/kube/errors.ts";
import { lifeboatClient } from "../../src/kube/resource-client.ts";
import { RestClient } from "../../src/kube/rest.ts";

let cluster: TestCluster;
let rest: RestClient;
const namespace = `e2e-api-crds-${randomBytes(3).toString("hex")}`;

before(async () => {
  cluster = await useCluster();
  rest = new RestClient(cluster.kc);
  for (const def of allDefinitions) await applyCrd(rest, crdManifest(def));
  await waitEstablished(rest, allDefinitions.map(crdName));
  await cluster.core.createNamespace({ body: { metadata: { name: namespace } } });
});

after(async () => {
  await cluster.core.deleteNamespace({ name: namespace }).catch(() => undefined);
});

const backups = () => lifeboatClient(rest, backupDefinition, namespace);
const restores = () => lifeboatClient(rest, restoreDefinition, namespace);

const newBackup = (name: string, spec: BackupSpec, extra: Partial<Backup> = {}): Backup => ({
  apiVersion,
  kind: "Backup",
  metadata: { name },
  spec,
  ...extra,
});

const newRestore = (name: string, spec: RestoreSpec): Restore => ({
  apiVersion,
  kind: "Restore",
  metadata: { name },
  spec,
});

/** Asserts the API server rejected the create as Invalid, with a message matching `pattern`. */
async function rejected(create: Promise<unknown>, pattern: RegExp | string): Promise<void> {
  await assert.rejects(create, (err: unknown) => {
    assert.ok(KubeError.is(err, "Invalid"), String(err));
    if (typeof pattern === "string") assert.ok(err.message.includes(pattern), err.message);
    else assert.match(err.message, pattern);
    return true;
  });
}

test("every CRD is Established and served as lifeboat.dev/v1", async () => {
  const list = await rest.get<{ resources: { name: string; kind: string; namespaced: boolean }[] }>(
    "/apis/lifeboat.dev/v1",
  );
  const served = new Map(list.resources.map((r) => [r.name, r]));
  for (const def of allDefinitions) {
    assert.equal(served.get(def.plural)?.kind, def.kind);
    assert.equal(served.get(def.plural)?.namespaced, true);
    assert.ok(served.has(`${def.plural}/status`), `${def.plural} has a status subresource`);
  }
});

test("a valid Backup is accepted as written; unknown fields are pruned", async () => {
  const spec: BackupSpec = {
    includedNamespaces: ["shop", "db-*"],
    excludedResources: ["events"],
    labelSelector: { matchLabels: { app: "db" }, matchExpressions: [{ key: "tier", operator: "In", values: ["a"] }] },
    ttl: "720h0m0s",
    storageLocation: "default",
    defaultVolumesToFsBackup: true,
    orderedResources: { pods: "shop/a,shop/b" },
    hooks: { resources: [{ name: "freeze", pre: [{ exec: { command: ["fsfreeze"] } }] }] },
  };
  const created = await backups().create(newBackup("valid", { ...spec, bogus: 1 } as BackupSpec));
  assert.ok(created.metadata.uid);
  assert.deepEqual(created.spec, spec);
  assert.deepEqual((await backups().get("valid")).spec, spec);
});

test("Backup with both labelSelector and orLabelSelectors: rejected with the CEL message", async () => {
  const spec = { labelSelector: { matchLabels: { a: "b" } }, orLabelSelectors: [{ matchLabels: { a: "c" } }] };
  await rejected(backups().create(newBackup("both-selectors", spec)), selectorRule.message);
});

test("Backup with a ttl that is not a Go duration: rejected", async () => {
  await rejected(backups().create(newBackup("bad-ttl", { ttl: "30 days" })), /spec\.ttl.*should match/);
});

test('Restore with existingResourcePolicy "sometimes": rejected, naming the allowed values', async () => {
  const restore = newRestore("bad-policy", { backupName: "b", existingResourcePolicy: "sometimes" as "none" });
  await rejected(
    restores().create(restore),
    /spec\.existingResourcePolicy: Unsupported value: "sometimes".*"none", "update"/,
  );
});

test("Restore needs exactly one of backupName and scheduleName", async () => {
  await rejected(restores().create(newRestore("no-source", {})), restoreSourceRule.message);
  await rejected(
    restores().create(newRestore("two-sources", { backupName: "b", scheduleName: "s" })),
    restoreSourceRule.message,
  );
  const ok = await restores().create(
    newRestore("from-schedule", { scheduleName: "nightly", namespaceMapping: { a: "b" } }),
  );
  assert.equal(ok.spec.scheduleName, "nightly");
});

test("status is a subresource: create drops it, patchStatus sets it, spec writes do not touch it", async () => {
  const created = await backups().create(newBackup("with-status", {}, { status: { phase: "Completed", errors: 3 } }));
  assert.equal(created.status, undefined);

  const patched = await backups().patchStatus("with-status", { phase: "InProgress", progress: { totalItems: 7 } });
  assert.deepEqual(patched.status, { phase: "InProgress", progress: { totalItems: 7 } });

  const current = await backups().get("with-status");
  const replaced = await backups().replace({ ...current, spec: { ttl: "1h0m0s" }, status: { phase: "Failed" } });
  assert.equal(replaced.spec.ttl, "1h0m0s");
  assert.equal(replaced.status?.phase, "InProgress");

  const viaStatus = await backups().replaceStatus({ ...replaced, spec: { ttl: "2h" }, status: { phase: "Completed" } });
  assert.equal(viaStatus.status?.phase, "Completed");
  assert.equal(viaStatus.spec.ttl, "1h0m0s");

  await rejected(
    backups().patchStatus("with-status", { phase: "Done" as "Completed" }),
    /status\.phase: Unsupported value: "Done"/,
  );
});

test("a stale replace fails with Conflict", async () => {
  const first = await backups().create(newBackup("stale", {}));
  await backups().patch("stale", { metadata: { labels: { touched: "yes" } } });
  await assert.rejects(backups().replace({ ...first, spec: { ttl: "1h" } }), (err) => KubeError.is(err, "Conflict"));
});

test("list with a labelSelector returns only the matching objects", async () => {
  const scheduled = { labels: { [labels.scheduleName]: "nightly" } };
  await backups().create(newBackup("nightly-1", {}, { metadata: { name: "nightly-1", ...scheduled } }));
  await backups().create(newBackup("nightly-2", {}, { metadata: { name: "nightly-2", ...scheduled } }));
  await backups().create(newBackup("manual-1", {}));
  const names = (await backups().list({ labelSelector: `${labels.scheduleName}=nightly` })).map((b) => b.metadata.name);
  assert.deepEqual(names.sort(), ["nightly-1", "nightly-2"]);
  const all = await backups().list({ pageSize: 2 });
  assert.ok(all.length >= 3);
  assert.ok(all.every((b) => b.kind === "Backup" && b.apiVersion === apiVersion));
});

test("delete removes the object", async () => {
  await backups().create(newBackup("short-lived", {}));
  await backups().delete("short-lived", { propagationPolicy: "Background" });
  await assert.rejects(backups().get("short-lived"), (err) => KubeError.is(err, "NotFound"));
});

test("one valid object of every other kind is accepted", async () => {
  const meta = (name: string): { apiVersion: ApiVersion; metadata: { name: string } } => ({
    apiVersion,
    metadata: { name },
  });
  const pod = { kind: "Pod", namespace: "shop", name: "db-0", uid: "1234" };
  const bsl: BackupStorageLocation = {
    ...meta("default"),
    kind: "BackupStorageLocation",
    spec: {
      provider: "aws",
      objectStorage: { bucket: "lifeboat", prefix: "c1", caCert: Buffer.from("PEM").toString("base64") },
      config: { region: "minio", s3Url: "http://127.0.0.1:9000", s3ForcePathStyle: "true" },
      credential: { name: "cloud-credentials", key: "cloud" },
      default: true,
      validationFrequency: "1m0s",
      backupSyncPeriod: "0",
    },
  };
  const created = await lifeboatClient(rest, backupStorageLocationDefinition, namespace).create(bsl);
  assert.equal(created.spec.accessMode, "ReadWrite", "accessMode defaults to ReadWrite");

  const schedule: Schedule = {
    ...meta("nightly"),
    kind: "Schedule",
    spec: { schedule: "0 3 * * *", template: { includedNamespaces: ["shop"], ttl: "168h" }, paused: false },
  };
  await lifeboatClient(rest, scheduleDefinition, namespace).create(schedule);
  const badTemplate = {
    ...schedule,
    metadata: { name: "bad" },
    spec: { ...schedule.spec, template: { ttl: "1 week" } },
  };
  await rejected(lifeboatClient(rest, scheduleDefinition, namespace).create(badTemplate), /spec\.template\.ttl/);

  const pvb: PodVolumeBackup = {
    ...meta("pvb-1"),
    kind: "PodVolumeBackup",
    spec: { node: "node-1", pod, volume: "data", backupStorageLocation: "default", repoIdentifier: "s3:x/restic/shop" },
  };
  const pvbs = lifeboatClient(rest, podVolumeBackupDefinition, namespace);
  await pvbs.create(pvb);
  const progressed = await pvbs.patchStatus("pvb-1", {
    phase: "Completed",
    progress: { totalBytes: 2 ** 40, bytesDone: 2 ** 40 },
  });
  assert.equal(progressed.status?.progress?.totalBytes, 2 ** 40, "int64 byte counts survive");

  const pvr: PodVolumeRestore = {
    ...meta("pvr-1"),
    kind: "PodVolumeRestore",
    spec: {
      pod,
      volume: "data",
      backupStorageLocation: "default",
      repoIdentifier: "s3:x",
      snapshotID: "abc",
      sourceNamespace: "shop",
    },
  };
  await lifeboatClient(rest, podVolumeRestoreDefinition, namespace).create(pvr);
  const repo: BackupRepository = {
    ...meta("shop-default"),
    kind: "BackupRepository",
    spec: { volumeNamespace: "shop", backupStorageLocation: "default", repositoryIdentifier: "s3:x/restic/shop" },
  };
  await lifeboatClient(rest, backupRepositoryDefinition, namespace).create(repo);
  const dbr: DeleteBackupRequest = { ...meta("del-1"), kind: "DeleteBackupRequest", spec: { backupName: "valid" } };
  await lifeboatClient(rest, deleteBackupRequestDefinition, namespace).create(dbr);
  const dr: DownloadRequest = {
    ...meta("dl-1"),
    kind: "DownloadRequest",
    spec: { target: { kind: "BackupLog", name: "valid" } },
  };
  await lifeboatClient(rest, downloadRequestDefinition, namespace).create(dr);
  await rejected(
    lifeboatClient(rest, downloadRequestDefinition, namespace).create({
      ...dr,
      metadata: { name: "dl-2" },
      spec: { target: { kind: "Everything" as "BackupLog", name: "valid" } },
    }),
    /spec\.target\.kind: Unsupported value: "Everything"/,
  );
  const ssr: ServerStatusRequest = { ...meta("ssr-1"), kind: "ServerStatusRequest", spec: {} };
  const ssrs = lifeboatClient(rest, serverStatusRequestDefinition, namespace);
  await ssrs.create(ssr);
  assert.equal(
    (await ssrs.patchStatus("ssr-1", { phase: "Processed", serverVersion: "0.1.0" })).status?.serverVersion,
    "0.1.0",
  );
});

test("kubectl get shows Velero's columns", async () => {
  await backups().create(newBackup("columns", {}));
  const expiration = new Date(Date.now() - 3 * 3600_000).toISOString().replace(/\.\d+Z$/, "Z");
  await backups().patchStatus("columns", { phase: "Completed", errors: 2, warnings: 5, expiration });
  const out = await cluster.kubectl(["get", "backups.lifeboat.dev", "-n", namespace, "columns"]);
  const [header = "", row = ""] = out.trim().split("\n");
  assert.deepEqual(header.split(/\s{2,}/), ["NAME", "STATUS", "ERRORS", "WARNINGS", "CREATED", "EXPIRES"]);
  assert.match(row, /^columns\s+Completed\s+2\s+5\s+\d+s\s+3h$/);
  const all = await cluster.kubectl(["get", "lifeboat", "-n", namespace, "-o", "name"]);
  assert.match(all, /backup\.lifeboat\.dev\/columns/);
  assert.match(all, /backupstoragelocation\.lifeboat\.dev\/default/);
});
