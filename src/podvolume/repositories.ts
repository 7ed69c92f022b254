/**
 * The volume repositories a process works with: for a (storage location, volume namespace) it
 * gets the location's password (made on first write), the store at `<prefix>/restic/<namespace>`,
 * opens the repository (creating it on first write, race-safely) and keeps the BackupRepository
 * object Ready, or NotReady with the reason.
 *
 * Each `open` returns a fresh Repository (its own, empty index): other node agents add snapshots
 * and packs all the time, and a stale index would miss their blobs. What is kept between opens is
 * only the master key (scrypt is slow by design), checked against the repository's config every
 * time, so a repository deleted and made anew is never written with an old key.
 */
import type { BackupStorageLocation } from "../api/backup-storage-location.ts";
import type { Log } from "../kube/log.ts";
import type { RestClient } from "../kube/rest.ts";
import { RepoBackend } from "../repo/backend.ts";
import { decodeConfig } from "../repo/config.ts";
import type { ScryptParams } from "../repo/crypto/kdf.ts";
import type { MasterKey } from "../repo/crypto/master-key.ts";
import { open as openSealed } from "../repo/crypto/seal.ts";
import { RepoError } from "../repo/errors.ts";
import { Repository, type KeyOwner } from "../repo/repository.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { recordRepository } from "./backup-repositories.ts";
import { PodVolumeError } from "./errors.ts";
import { openOrInitRepository } from "./open-repository.ts";
import { ensureRepositoryPassword, passwordSecretName, readRepositoryPassword } from "./repository-password.ts";
import type { RepositoryStores } from "./repository-store.ts";

export interface RepositoriesOptions {
  rest: RestClient;
  /** The install namespace: locations, the password Secret and BackupRepositories live there. */
  namespace: string;
  stores: RepositoryStores;
  log: Log;
  owner?: KeyOwner;
  kdf?: ScryptParams;
}

export interface OpenRequest {
  location: BackupStorageLocation;
  volumeNamespace: string;
  /** Backups write (and may create the repository); restores only read. */
  write: boolean;
}

export interface VolumeRepository {
  repository: Repository;
  identifier: string;
  /** The location is ReadOnly: take no locks, write nothing. */
  readOnly: boolean;
}

interface KnownKey {
  key: MasterKey;
  configId: string;
}

export class Repositories {
  readonly #options: RepositoriesOptions;
  readonly #keys = new Map<string, KnownKey>();
  readonly #ready = new Set<string>();
  readonly #opening = new Map<string, Promise<VolumeRepository>>();

  constructor(options: RepositoriesOptions) {
    this.#options = options;
  }

  /** Opens (one at a time per repository in this process) and records the repository's state. */
  async open(request: OpenRequest): Promise<VolumeRepository> {
    const name = request.location.metadata.name ?? "";
    const id = `${name}/${request.volumeNamespace}/${request.write}`;
    const previous = this.#opening.get(id);
    const next = (previous ?? Promise.resolve()).catch(() => undefined).then(() => this.#openAndRecord(request));
    this.#opening.set(id, next);
    try {
      return await next;
    } finally {
      if (this.#opening.get(id) === next) this.#opening.delete(id);
    }
  }

  async #openAndRecord(request: OpenRequest): Promise<VolumeRepository> {
    const location = request.location.metadata.name ?? "";
    const key = { volumeNamespace: request.volumeNamespace, location };
    let identifier = "";
    try {
      const stored = await this.#options.stores.storeFor(request.location, request.volumeNamespace);
      identifier = stored.identifier;
      const opened = await this.#open(request, stored.store, identifier);
      const readyKey = `${location}/${request.volumeNamespace}`;
      if (!this.#ready.has(readyKey)) {
        await this.#record({ ...key, identifier }, { phase: "Ready", message: `repository at ${identifier}` });
        this.#ready.add(readyKey);
      }
      return opened;
    } catch (err) {
      this.#ready.delete(`${location}/${request.volumeNamespace}`);
      if (identifier)
        await this.#record({ ...key, identifier }, { phase: "NotReady", message: (err as Error).message });
      throw err;
    }
  }

  async #record(
    key: { volumeNamespace: string; location: string; identifier: string },
    state: { phase: "Ready" | "NotReady"; message: string },
  ): Promise<void> {
    try {
      await recordRepository(this.#options.rest, this.#options.namespace, key, state);
    } catch (err) {
      // the repository's state is information; failing to write it must not fail the data path
      this.#options.log.warn({ err: (err as Error).message, ...key }, "could not update the BackupRepository");
    }
  }

  async #password(request: OpenRequest): Promise<string> {
    const { rest, namespace } = this.#options;
    const location = request.location.metadata.name ?? "";
    if (request.write) return ensureRepositoryPassword(rest, namespace, location);
    const password = await readRepositoryPassword(rest, namespace, location);
    if (password !== undefined) return password;
    throw new PodVolumeError(
      "PasswordMissing",
      `no repository password for location "${location}" in secret ${namespace}/${passwordSecretName}: ` +
        `put the password of the cluster that made the backups there (lifeboat repo password --show on that cluster)`,
    );
  }

  async #open(request: OpenRequest, store: ObjectStore, identifier: string): Promise<VolumeRepository> {
    const location = request.location.metadata.name ?? "";
    const readOnly = request.location.spec.accessMode === "ReadOnly";
    if (readOnly && request.write) {
      throw new PodVolumeError(
        "RepositoryUnavailable",
        `backup storage location "${location}" is ReadOnly: pod volume backups cannot be written to it`,
      );
    }
    const password = await this.#password(request);
    const cacheKey = `${identifier}\0${password}`;
    const known = this.#keys.get(cacheKey);
    if (known) {
      const reused = await this.#reuse(store, known);
      if (reused) return { repository: reused, identifier, readOnly };
      this.#keys.delete(cacheKey);
    }
    try {
      const { repository } = await openOrInitRepository(store, password, {
        noCreate: !request.write,
        ...(this.#options.owner ? { owner: this.#options.owner } : {}),
        ...(this.#options.kdf ? { kdf: this.#options.kdf } : {}),
      });
      this.#keys.set(cacheKey, { key: repository.key, configId: repository.config.id });
      return { repository, identifier, readOnly };
    } catch (err) {
      throw explainOpenError(err, identifier, location, this.#options.namespace);
    }
  }

  /** A fresh Repository with the known key, if the config is still the one it opened. */
  async #reuse(store: ObjectStore, known: KnownKey): Promise<Repository | undefined> {
    const backend = new RepoBackend(store);
    try {
      const config = decodeConfig(openSealed(known.key, await backend.load("config")));
      return config.id === known.configId ? new Repository(backend, known.key, config) : undefined;
    } catch {
      return undefined;
    }
  }
}

function explainOpenError(err: unknown, identifier: string, location: string, namespace: string): unknown {
  if (RepoError.is(err, "WrongPassword")) {
    return new PodVolumeError(
      "RepositoryUnavailable",
      `the password of location "${location}" (secret ${namespace}/${passwordSecretName}) does not open the repository at ${identifier}: ` +
        `it was made with another password; put that one into the secret`,
      { cause: err },
    );
  }
  if (RepoError.is(err, "NotARepository")) {
    return new PodVolumeError("RepositoryUnavailable", `there is no repository at ${identifier}`, { cause: err });
  }
  return err;
}
