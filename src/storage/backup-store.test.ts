import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { BackupStore } from "./backup-store.ts";
import { readAll } from "./body.ts";
import { listAll } from "./conformance.ts";
import { StorageError } from "./errors.ts";
import { FilesystemStore } from "./filesystem/filesystem-store.ts";
import { layout } from "./layout.ts";
import { MemoryStore } from "./memory/memory-store.ts";
import type { ObjectStore, PutBody, PutOptions } from "./object-store.ts";

const upload = (tag: string) => ({
  metadata: { apiVersion: "lifeboat.dev/v1", kind: "Backup", metadata: { name: tag } },
  contents: Buffer.from(`tarball of ${tag}`),
  log: `log line of ${tag}\n`,
  results: { lifeboat: [], cluster: [], namespaces: { app: ["a warning"] } },
  resourceList: { "v1/ConfigMap": ["app/config"] },
  podVolumeBackups: [{ kind: "PodVolumeBackup" }],
});

/** A store whose puts of matching keys fail, and whose deletes can be made to fail (a dead process). */
class FailingStore extends MemoryStore {
  failPut?: (key: string) => boolean;
  failDeletes = false;
  override async put(key: string, body: PutBody, options?: PutOptions): Promise<void> {
    if (this.failPut?.(key)) throw new StorageError("Network", `injected failure for ${key}`, { key });
    return super.put(key, body, options);
  }
  override async deleteMany(keys: readonly string[]): Promise<void> {
    if (this.failDeletes) throw new StorageError("Network", "the process died");
    return super.deleteMany(keys);
  }
}

async function keysOf(store: ObjectStore): Promise<string[]> {
  return (await listAll(store)).flatMap((e) => (e.kind === "object" ? [e.object.key] : []));
}

test("a backup round-trips: metadata, contents and every sidecar", async () => {
  const backups = new BackupStore(new MemoryStore());
  await backups.putBackup("nightly-1", upload("nightly-1"));
  assert.deepEqual(await backups.listBackups(), ["nightly-1"]);
  assert.deepEqual(await backups.getBackupMetadata("nightly-1"), upload("nightly-1").metadata);
  assert.equal((await readAll(await backups.getBackupContents("nightly-1"))).toString(), "tarball of nightly-1");
  assert.equal(await backups.getBackupLog("nightly-1"), "log line of nightly-1\n");
  assert.deepEqual(await backups.getBackupJson("nightly-1", "results"), upload("nightly-1").results);
  assert.deepEqual(await backups.getBackupJson("nightly-1", "resourceList"), upload("nightly-1").resourceList);
  assert.deepEqual(await backups.getBackupJson("nightly-1", "podVolumeBackups"), upload("nightly-1").podVolumeBackups);
});

test("the layout of DESIGN.md is what lands in the bucket", async () => {
  const store = new MemoryStore();
  await new BackupStore(store).putBackup("b1", upload("b1"));
  assert.deepEqual(await keysOf(store), [
    "backups/b1/b1-logs.gz",
    "backups/b1/b1-podvolumebackups.json.gz",
    "backups/b1/b1-resource-list.json.gz",
    "backups/b1/b1-results.gz",
    "backups/b1/b1.tar.gz",
    "backups/b1/lifeboat-backup.json",
  ]);
});

test("the metadata object is uploaded last", async () => {
  const store = new FailingStore();
  const order: string[] = [];
  store.failPut = (key) => (order.push(key), false);
  await new BackupStore(store).putBackup("b1", upload("b1"));
  assert.equal(order.at(-1), layout.backupMetadata("b1"));
});

test("an existing backup name is refused and the backup is left as it was", async () => {
  const backups = new BackupStore(new MemoryStore());
  await backups.putBackup("b1", upload("b1"));
  await assert.rejects(backups.putBackup("b1", upload("other")), (err) => StorageError.is(err, "Conflict"));
  assert.equal((await readAll(await backups.getBackupContents("b1"))).toString(), "tarball of b1");
});

test("a failed upload removes what it uploaded", async () => {
  const store = new FailingStore();
  store.failPut = (key) => key.endsWith("-resource-list.json.gz");
  await assert.rejects(new BackupStore(store).putBackup("b1", upload("b1")), (err) => StorageError.is(err, "Network"));
  assert.deepEqual(await keysOf(store), []);
});

test("a crash between the contents and the metadata leaves no visible backup, and the name can be used again", async () => {
  const store = new FailingStore();
  const backups = new BackupStore(store);
  store.failPut = (key) => key === layout.backupMetadata("b1");
  store.failDeletes = true; // the process dies: nothing is cleaned up
  await assert.rejects(backups.putBackup("b1", upload("b1")));
  assert.ok((await keysOf(store)).includes("backups/b1/b1.tar.gz"), "the contents are in the bucket");
  assert.deepEqual(await backups.listBackups(), []);
  store.failPut = undefined;
  store.failDeletes = false;
  await backups.putBackup("b1", upload("b1-again"));
  assert.deepEqual(await backups.listBackups(), ["b1"]);
  assert.equal((await readAll(await backups.getBackupContents("b1"))).toString(), "tarball of b1-again");
});

test("deleting removes the metadata first, so a half-finished delete is invisible", async () => {
  const store = new FailingStore();
  const backups = new BackupStore(store);
  await backups.putBackup("b1", upload("b1"));
  await backups.putBackup("b2", upload("b2"));
  store.failDeletes = true;
  await assert.rejects(backups.deleteBackup("b1"));
  assert.deepEqual(await backups.listBackups(), ["b2"]);
  store.failDeletes = false;
  await backups.deleteBackup("b1");
  assert.ok((await keysOf(store)).every((k) => k.startsWith("backups/b2/")));
});

test("invalid names are refused before anything is written", async () => {
  const store = new MemoryStore();
  const backups = new BackupStore(store);
  for (const name of ["", "../x", "a/b", "UPPER", "-dash"]) {
    await assert.rejects(backups.putBackup(name, upload("x")), (err) => StorageError.is(err, "InvalidArgument"));
  }
  assert.deepEqual(await keysOf(store), []);
});

test("a failed backup leaves only its log: readable, invisible to listing, gone with the backup", async () => {
  const store = new MemoryStore();
  const backups = new BackupStore(store);
  await backups.putFailedBackupLog("broken", '{"level":"error","msg":"backup failed"}\n');
  assert.match(await backups.getBackupLog("broken"), /backup failed/);
  assert.deepEqual(await backups.listBackups(), []);
  assert.equal(await backups.hasBackup("broken"), false);
  await backups.deleteBackup("broken");
  assert.deepEqual(await keysOf(store), []);
  await backups.putBackup("taken", upload("taken"));
  const committed = await keysOf(store);
  await backups.putFailedBackupLog("taken", "a second run of that name failed\n");
  assert.deepEqual(await keysOf(store), committed, "a committed backup is never touched");
});

test("restore logs and results round-trip", async () => {
  const backups = new BackupStore(new MemoryStore());
  await backups.putRestoreLog("r1", "restored 3 items\n");
  await backups.putRestoreResults("r1", { warnings: { namespaces: { app: ["exists"] } } });
  assert.equal(await backups.getRestoreLog("r1"), "restored 3 items\n");
  assert.deepEqual(await backups.getRestoreResults("r1"), {
    warnings: { namespaces: { app: ["exists"] } },
  });
});

test("validate: Available for an empty or Lifeboat-only location", async () => {
  const store = new MemoryStore();
  const backups = new BackupStore(store);
  assert.deepEqual(await backups.validate(), { phase: "Available" });
  await backups.putBackup("b1", upload("b1"));
  await store.put("restic/app/config", Buffer.from("x"));
  assert.deepEqual(await backups.validate(), { phase: "Available" });
});

test("validate: a prefix with foreign folders is Unavailable and the message says what to do", async () => {
  const store = new MemoryStore();
  await store.put("photos/cat.jpg", Buffer.from("x"));
  await store.put("README", Buffer.from("x"));
  const status = await new BackupStore(store).validate();
  assert.equal(status.phase, "Unavailable");
  assert.match(status.phase === "Unavailable" ? status.message : "", /README, photos.*objectStorage\.prefix/);
});

test("validate: a missing bucket is Unavailable with a message naming the field", async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), "lifeboat-validate-"));
  await rm(root, { recursive: true });
  const status = await new BackupStore(new FilesystemStore({ root })).validate();
  assert.equal(status.phase, "Unavailable");
  assert.match(status.phase === "Unavailable" ? status.message : "", /does not exist.*objectStorage\.bucket/);
});
