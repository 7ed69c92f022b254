/**
 * A repository's files on an ObjectStore: save, load (whole or a byte range), list and remove by
 * file type and id, with restic's layout (file-types.ts). Saving checks that the id is the SHA-256
 * of the bytes and never overwrites an existing file (files are written once).
 */
import { createHash } from "node:crypto";
import { readAll } from "../storage/body.ts";
import { StorageError } from "../storage/errors.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { RepoError } from "./errors.ts";
import { fileKey, folderOf, isId, type FileType } from "./file-types.ts";

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export interface FileInfo {
  id: string;
  size: number;
}

export class RepoBackend {
  readonly store: ObjectStore;

  constructor(store: ObjectStore) {
    this.store = store;
  }

  get description(): string {
    return this.store.description;
  }

  /** Saves a content-addressed file and returns its id (SHA-256 of `bytes`). */
  async save(type: Exclude<FileType, "config">, bytes: Uint8Array, id = sha256Hex(bytes)): Promise<string> {
    await this.store.put(fileKey(type, id), bytes, { ifAbsent: true });
    return id;
  }

  async saveConfig(bytes: Uint8Array): Promise<void> {
    await this.store.put(fileKey("config"), bytes, { ifAbsent: true });
  }

  async load(type: FileType, id?: string, range?: { offset: number; length?: number }): Promise<Buffer> {
    try {
      return await readAll(await this.store.get(fileKey(type, id), range));
    } catch (err) {
      if (StorageError.is(err, "NotFound") && type === "config") {
        throw new RepoError("NotARepository", `${this.store.description} is not a repository (no config file)`, {
          cause: err,
        });
      }
      throw err;
    }
  }

  async exists(type: FileType, id?: string): Promise<boolean> {
    try {
      await this.store.stat(fileKey(type, id));
      return true;
    } catch (err) {
      if (StorageError.is(err, "NotFound")) return false;
      throw err;
    }
  }

  async size(type: FileType, id?: string): Promise<number> {
    return (await this.store.stat(fileKey(type, id))).size;
  }

  /** Every file of `type`, with its size; files whose names are not ids are ignored. */
  async *list(type: Exclude<FileType, "config">): AsyncGenerator<FileInfo> {
    for await (const entry of this.store.list({ prefix: folderOf(type) })) {
      if (entry.kind !== "object") continue;
      const id = entry.object.key.slice(entry.object.key.lastIndexOf("/") + 1);
      if (isId(id)) yield { id, size: entry.object.size };
    }
  }

  async listIds(type: Exclude<FileType, "config">): Promise<string[]> {
    const ids: string[] = [];
    for await (const file of this.list(type)) ids.push(file.id);
    return ids;
  }

  async remove(type: Exclude<FileType, "config">, id: string): Promise<void> {
    await this.store.delete(fileKey(type, id));
  }
}
