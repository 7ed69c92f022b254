/**
 * Open the restic-format repository in a store, creating it the first time, safely when several
 * node agents do it at once (two pods of one namespace on two nodes, backed up together, is the
 * common case). `initRepository` writes a key file and then the config with if-absent semantics,
 * so exactly one config wins; a loser finds out from the Conflict, removes the key file it wrote
 * (its master key cannot open the winner's config, and a stray key would make every later open
 * with the same password fail) and opens the winner's repository. Because a third party could
 * try to open during that short window, an open that meets a key opening to the wrong master
 * key is retried a few times before the failure is reported.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { readAll } from "../storage/body.ts";
import { ForwardingStore } from "../storage/decorators/forwarding-store.ts";
import { StorageError } from "../storage/errors.ts";
import type { ObjectStore, PutBody, PutOptions } from "../storage/object-store.ts";
import { RepoError } from "../repo/errors.ts";
import { initRepository, openRepository, type KeyOwner, type Repository } from "../repo/repository.ts";
import type { ScryptParams } from "../repo/crypto/kdf.ts";
import { openKeyFile } from "../repo/crypto/key-file.ts";
import { open } from "../repo/crypto/seal.ts";

export interface OpenOptions {
  /** Never create: a missing repository is an error (restores, read-only locations). */
  noCreate?: boolean;
  owner?: KeyOwner;
  kdf?: ScryptParams;
  /** Retries of an open that met a racer's stray key (default 5, 300 ms apart). */
  openAttempts?: number;
  retryDelayMs?: number;
}

export interface OpenedRepository {
  repository: Repository;
  created: boolean;
}

/** Remembers the key files an init writes, so a losing init can take them back. */
class KeyRecordingStore extends ForwardingStore {
  readonly keys: string[] = [];

  override async put(key: string, body: PutBody, options?: PutOptions): Promise<void> {
    await this.inner.put(key, body, options);
    if (key.startsWith("keys/")) this.keys.push(key);
  }
}

/**
 * Whether the config in the store is sealed with the master key in `keyFile`: true when our own
 * config write went through even though it reported Conflict (a retried put whose first attempt
 * had succeeded).
 */
async function configIsOurs(store: ObjectStore, keyFile: string, password: string): Promise<boolean> {
  try {
    const key = await openKeyFile(await readAll(await store.get(keyFile)), password);
    open(key, await readAll(await store.get("config")));
    return true;
  } catch {
    return false;
  }
}

async function openWithRetry(store: ObjectStore, password: string, options: OpenOptions): Promise<Repository> {
  const attempts = options.openAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await openRepository(store, password);
    } catch (err) {
      if (!RepoError.is(err, "Unauthenticated") || attempt >= attempts) throw err;
      await sleep(options.retryDelayMs ?? 300);
    }
  }
}

async function isMissing(store: ObjectStore, password: string, options: OpenOptions): Promise<Repository | undefined> {
  try {
    return await openWithRetry(store, password, options);
  } catch (err) {
    if (RepoError.is(err, "NotARepository") || StorageError.is(err, "NotFound")) return undefined;
    throw err;
  }
}

export async function openOrInitRepository(
  store: ObjectStore,
  password: string,
  options: OpenOptions = {},
): Promise<OpenedRepository> {
  const existing = await isMissing(store, password, options);
  if (existing) return { repository: existing, created: false };
  if (options.noCreate) {
    throw new RepoError("NotARepository", `${store.description} holds no repository (no config file)`);
  }
  const recording = new KeyRecordingStore(store);
  try {
    const repository = await initRepository(recording, password, {
      ...(options.owner ? { owner: options.owner } : {}),
      ...(options.kdf ? { kdf: options.kdf } : {}),
    });
    return { repository, created: true };
  } catch (err) {
    const lostRace = StorageError.is(err, "Conflict") || RepoError.is(err, "AlreadyExists");
    if (!lostRace) throw err;
    // another writer's config won: take back our key file, then open theirs
    for (const key of recording.keys) if (!(await configIsOurs(store, key, password))) await store.delete(key);
    return { repository: await openWithRetry(store, password, options), created: false };
  }
}
