/**
 * Backups in object storage, on top of an ObjectStore and the layout. A backup is write-once:
 * its contents and sidecars are uploaded first, each refusing to overwrite, and its metadata
 * object last — the commit point. Until the metadata exists the backup is invisible, so a crash
 * part-way leaves nothing that listBackups would return; leftovers of a failed attempt are
 * removed when it fails, or before the same name is tried again. Deleting removes the metadata
 * first, so a half-deleted backup is invisible too.
 */
import type { Readable } from "node:stream";
import { gunzipSync, gzipSync } from "node:zlib";
import { readAll } from "./body.ts";
import { StorageError } from "./errors.ts";
import { layout, topLevelFolders, type BackupSidecar } from "./layout.ts";
import type { ObjectStore, PutBody } from "./object-store.ts";

export interface BackupUpload {
  /** The Backup object (spec + status) as it should be found again by backup sync. */
  metadata: unknown;
  /** The resources tarball. */
  contents: PutBody;
  contentsLength?: number;
  /** The backup log (plain text; stored gzipped). */
  log?: string;
  results?: unknown;
  resourceList?: Record<string, string[]>;
  podVolumeBackups?: unknown[];
}

export type LocationStatus = { phase: "Available" } | { phase: "Unavailable"; message: string };

function gzipJson(value: unknown): Buffer {
  return gzipSync(JSON.stringify(value));
}

export class BackupStore {
  private readonly store: ObjectStore;

  constructor(store: ObjectStore) {
    this.store = store;
  }

  get description(): string {
    return this.store.description;
  }

  async putBackup(name: string, upload: BackupUpload): Promise<void> {
    const metadataKey = layout.backupMetadata(name);
    if (await this.exists(metadataKey)) {
      throw new StorageError("Conflict", `backup "${name}" already exists in ${this.store.description}`, {
        key: metadataKey,
      });
    }
    await this.removeLeftovers(name);
    const uploaded: string[] = [];
    const put = async (key: string, body: PutBody, length?: number): Promise<void> => {
      uploaded.push(key);
      await this.store.put(key, body, {
        ifAbsent: true,
        ...(length === undefined ? {} : { length }),
      });
    };
    try {
      await put(layout.backupFile(name, "contents"), upload.contents, upload.contentsLength);
      if (upload.log !== undefined) await put(layout.backupFile(name, "log"), gzipSync(upload.log));
      if (upload.results !== undefined) await put(layout.backupFile(name, "results"), gzipJson(upload.results));
      if (upload.resourceList) await put(layout.backupFile(name, "resourceList"), gzipJson(upload.resourceList));
      if (upload.podVolumeBackups)
        await put(layout.backupFile(name, "podVolumeBackups"), gzipJson(upload.podVolumeBackups));
      await put(metadataKey, Buffer.from(JSON.stringify(upload.metadata, null, 2)));
    } catch (err) {
      await this.store.deleteMany(uploaded).catch(() => undefined);
      throw err;
    }
  }

  private async exists(key: string): Promise<boolean> {
    try {
      await this.store.stat(key);
      return true;
    } catch (err) {
      if (StorageError.is(err, "NotFound")) return false;
      throw err;
    }
  }

  /**
   * The log of a backup that failed, so `lifeboat backup logs` can say why: the only object of
   * the backup's folder, no metadata (the backup stays invisible to listing and sync), removed
   * with the backup.
   */
  async putFailedBackupLog(name: string, log: string): Promise<void> {
    // a backup of that name committed by someone else (the usual cause of a Conflict) stays untouched
    if (await this.hasBackup(name)) return;
    await this.removeLeftovers(name);
    await this.store.put(layout.backupFile(name, "log"), gzipSync(log), { ifAbsent: true });
  }

  /** Whether `name` is committed (its metadata object exists). */
  hasBackup(name: string): Promise<boolean> {
    return this.exists(layout.backupMetadata(name));
  }

  /** Objects of an earlier attempt at `name` that never committed (its process died). */
  async removeLeftovers(name: string): Promise<void> {
    const keys: string[] = [];
    for await (const entry of this.store.list({ prefix: layout.backupFolder(name) })) {
      if (entry.kind === "object") keys.push(entry.object.key);
    }
    if (keys.length > 0) await this.store.deleteMany(keys);
  }

  /** Names of committed backups (those whose metadata object exists), in name order. */
  async listBackups(): Promise<string[]> {
    const names: string[] = [];
    for await (const entry of this.store.list({ prefix: layout.backupsFolder })) {
      if (entry.kind !== "object") continue;
      const name = layout.backupOfMetadataKey(entry.object.key);
      if (name) names.push(name);
    }
    return names;
  }

  async getBackupMetadata(name: string): Promise<unknown> {
    return JSON.parse((await readAll(await this.store.get(layout.backupMetadata(name)))).toString("utf8")) as unknown;
  }

  getBackupContents(name: string): Promise<Readable> {
    return this.store.get(layout.backupFile(name, "contents"));
  }

  async getBackupLog(name: string): Promise<string> {
    return gunzipSync(await this.read(layout.backupFile(name, "log"))).toString("utf8");
  }

  async getBackupJson(name: string, part: Exclude<BackupSidecar, "contents" | "log">): Promise<unknown> {
    return JSON.parse(gunzipSync(await this.read(layout.backupFile(name, part))).toString("utf8")) as unknown;
  }

  /** A presigned URL for one of the backup's files (for DownloadRequests). */
  presignBackupFile(name: string, part: BackupSidecar, ttlSeconds: number): Promise<string> {
    return this.store.presignGet(layout.backupFile(name, part), ttlSeconds);
  }

  private async read(key: string): Promise<Buffer> {
    return readAll(await this.store.get(key));
  }

  async deleteBackup(name: string): Promise<void> {
    await this.store.delete(layout.backupMetadata(name));
    await this.removeLeftovers(name);
  }

  async putRestoreLog(restore: string, log: string): Promise<void> {
    await this.store.put(layout.restoreLog(restore), gzipSync(log), { ifAbsent: true });
  }

  async putRestoreResults(restore: string, results: unknown): Promise<void> {
    await this.store.put(layout.restoreResults(restore), gzipJson(results), { ifAbsent: true });
  }

  /** A presigned URL for a restore's log or results (for DownloadRequests). */
  presignRestoreFile(restore: string, part: "log" | "results", ttlSeconds: number): Promise<string> {
    return this.store.presignGet(
      part === "log" ? layout.restoreLog(restore) : layout.restoreResults(restore),
      ttlSeconds,
    );
  }

  async deleteRestoreFiles(restore: string): Promise<void> {
    await this.store.deleteMany([layout.restoreLog(restore), layout.restoreResults(restore)]);
  }

  async getRestoreLog(restore: string): Promise<string> {
    return gunzipSync(await this.read(layout.restoreLog(restore))).toString("utf8");
  }

  async getRestoreResults(restore: string): Promise<unknown> {
    return JSON.parse(gunzipSync(await this.read(layout.restoreResults(restore))).toString("utf8")) as unknown;
  }

  /**
   * Whether the location can be used, and if not, a message that says what to fix: the bucket,
   * the credentials, the endpoint, or a prefix that holds folders Lifeboat did not write.
   */
  async validate(): Promise<LocationStatus> {
    const where = this.store.description;
    try {
      const unknown: string[] = [];
      for await (const entry of this.store.list({ delimiter: "/" })) {
        const name = entry.kind === "prefix" ? entry.prefix.slice(0, -1) : entry.object.key;
        if (!(topLevelFolders as readonly string[]).includes(name)) unknown.push(name);
        if (unknown.length >= 5) break;
      }
      if (unknown.length > 0) {
        return {
          phase: "Unavailable",
          message:
            `${where} holds objects Lifeboat did not write (${unknown.join(", ")}); ` +
            `point objectStorage.prefix at a folder used only by Lifeboat (it uses ${topLevelFolders.join("/, ")}/)`,
        };
      }
      return { phase: "Available" };
    } catch (err) {
      return { phase: "Unavailable", message: explain(err, where) };
    }
  }
}

function explain(err: unknown, where: string): string {
  if (!StorageError.is(err)) return `${where}: ${String(err)}`;
  switch (err.code) {
    case "BucketNotFound":
      return `the bucket of ${where} does not exist: create it, or fix objectStorage.bucket`;
    case "InvalidCredentials":
      return `${where} rejected the credentials: check the key id and secret in the BackupStorageLocation's credential Secret`;
    case "AccessDenied":
      return `${where} denied access: the credentials need permission to list, read, write and delete in the bucket`;
    case "Network":
    case "Timeout":
      return `cannot reach ${where} (${err.code}): check config.s3Url, DNS and network policies (${err.message})`;
    default:
      return `${where}: ${err.message}`;
  }
}
