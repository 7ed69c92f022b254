/**
 * An open restic-format repository: its backend, master key, config and (once loaded) index.
 * `initRepository` writes a new one (key file, then config); `openRepository` finds the key file
 * the password opens. Unpacked files (index, snapshot, lock) are packed, sealed and verified here.
 */
import os from "node:os";
import { RepoBackend, sha256Hex } from "./backend.ts";
import { decodeBlob } from "./blob-codec.ts";
import { randomPolynomial } from "./chunker/polynomial.ts";
import { decodeConfig, encodeConfig, type RepoConfig } from "./config.ts";
import { createKeyFile, openKeyFile } from "./crypto/key-file.ts";
import { randomMasterKey, type MasterKey } from "./crypto/master-key.ts";
import { open, seal } from "./crypto/seal.ts";
import { RepoError } from "./errors.ts";
import type { FileType } from "./file-types.ts";
import { decodeIndex } from "./index/index-file.ts";
import { MasterIndex } from "./index/master-index.ts";
import type { BlobType } from "./pack/header.ts";
import { packUnpacked, unpackUnpacked } from "./unpacked.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { randomBytes } from "node:crypto";

export type UnpackedType = Extract<FileType, "index" | "snapshot" | "lock">;

export interface KeyOwner {
  username: string;
  hostname: string;
}

export function currentOwner(): KeyOwner {
  return { username: os.userInfo().username, hostname: os.hostname() };
}

export class Repository {
  readonly backend: RepoBackend;
  readonly key: MasterKey;
  readonly config: RepoConfig;
  readonly index = new MasterIndex();
  private indexLoaded = false;

  constructor(backend: RepoBackend, key: MasterKey, config: RepoConfig) {
    this.backend = backend;
    this.key = key;
    this.config = config;
  }

  get version(): number {
    return this.config.version;
  }

  async saveUnpacked(type: UnpackedType, json: Uint8Array): Promise<string> {
    const sealed = seal(this.key, packUnpacked(json, this.version));
    const check = unpackUnpacked(open(this.key, sealed));
    if (!check.equals(Buffer.from(json)))
      throw new RepoError("InvalidFormat", `a ${type} file failed verification after sealing`);
    return this.backend.save(type, sealed);
  }

  async loadUnpacked(type: UnpackedType, id: string): Promise<Buffer> {
    const sealed = await this.backend.load(type, id);
    if (sha256Hex(sealed) !== id)
      throw new RepoError("InvalidFormat", `${type} file ${id} does not match its name (damaged)`);
    return unpackUnpacked(open(this.key, sealed));
  }

  /** Loads every index file into memory (idempotent). */
  async loadIndex(): Promise<MasterIndex> {
    if (this.indexLoaded) return this.index;
    for (const id of await this.backend.listIds("index")) {
      for (const pack of decodeIndex(await this.loadUnpacked("index", id), id).packs) this.index.addPack(pack);
    }
    this.indexLoaded = true;
    return this.index;
  }

  /** Reads one blob's plaintext (index must be loaded). */
  async loadBlob(type: BlobType, id: string): Promise<Buffer> {
    const at = this.index.lookup(type, id);
    if (!at) throw new RepoError("BlobNotFound", `${type} blob ${id} is not in the index`);
    const sealed = await this.backend.load("pack", at.packId, { offset: at.offset, length: at.length });
    return decodeBlob(this.key, sealed, id, at.uncompressedLength);
  }
}

export async function initRepository(
  store: ObjectStore,
  password: string,
  options: { version?: 1 | 2; owner?: KeyOwner; kdf?: { N: number; r: number; p: number } } = {},
): Promise<Repository> {
  const backend = new RepoBackend(store);
  if (await backend.exists("config")) {
    throw new RepoError("AlreadyExists", `${store.description} already holds a repository (its config file exists)`);
  }
  if (password.length === 0) throw new RepoError("InvalidArgument", "an empty password is not allowed");
  const key = randomMasterKey();
  const owner = options.owner ?? currentOwner();
  const keyFile = await createKeyFile(key, password, { ...owner, ...(options.kdf ? { params: options.kdf } : {}) });
  await backend.save("key", keyFile.bytes, keyFile.id);
  const config: RepoConfig = {
    version: options.version ?? 2,
    id: randomBytes(32).toString("hex"),
    chunkerPolynomial: randomPolynomial(),
  };
  await backend.saveConfig(seal(key, encodeConfig(config)));
  return new Repository(backend, key, config);
}

/** Tries the key files until one opens with `password`. */
export async function openRepository(store: ObjectStore, password: string): Promise<Repository> {
  const backend = new RepoBackend(store);
  const sealedConfig = await backend.load("config");
  const keyIds = await backend.listIds("key");
  if (keyIds.length === 0) throw new RepoError("NotARepository", `${store.description} has no key files`);
  for (const id of keyIds) {
    let key: MasterKey;
    try {
      key = await openKeyFile(await backend.load("key", id), password);
    } catch (err) {
      if (RepoError.is(err, "WrongPassword")) continue;
      throw err;
    }
    return new Repository(backend, key, decodeConfig(open(key, sealedConfig)));
  }
  throw new RepoError(
    "WrongPassword",
    `the password opens none of the ${keyIds.length} key(s) of ${store.description}`,
  );
}

export { decodeBlob };
