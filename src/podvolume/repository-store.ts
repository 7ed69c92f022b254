/**
 * The object store of a namespace's volume repository: the BackupStorageLocation's bucket at
 * `<prefix>/restic/<namespace>` (storage/layout.ts spells the folder), opened with the
 * location's credentials (controllers/location-object-stores.ts reads the Secret and opens the
 * store, as for the location itself), and the repository's identifier in restic's
 * notation (`s3:http://host:9000/bucket/prefix/restic/ns`), which stock restic opens as is.
 * One store per location (its connections, retries and limits shared by all its repositories)
 * is kept until the location or its Secret changes; each repository sees its own folder of it.
 */
import path from "node:path";
import type { Registry } from "prom-client";
import type { BackupStorageLocation } from "../api/backup-storage-location.ts";
import { LocationError, LocationObjectStores } from "../controllers/location-object-stores.ts";
import type { RestClient } from "../kube/rest.ts";
import { layout } from "../storage/layout.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { PodVolumeError } from "./errors.ts";
import { PrefixedStore } from "./prefixed-store.ts";

export interface RepositoryStore {
  store: ObjectStore;
  /** restic's notation of where the repository is. */
  identifier: string;
}

function joinKey(...parts: (string | undefined)[]): string {
  return parts
    .map((p) => (p ?? "").replace(/^\/+|\/+$/g, ""))
    .filter((p) => p !== "")
    .join("/");
}

/** `s3:<endpoint>/<bucket>/<prefix>/restic/<ns>`, or the folder for provider filesystem. */
export function repositoryIdentifier(location: BackupStorageLocation, volumeNamespace: string): string {
  const { objectStorage, provider, config } = location.spec;
  const folder = layout.resticRepository(volumeNamespace);
  if (provider === "filesystem") return path.join(objectStorage.bucket, objectStorage.prefix ?? "", folder);
  const endpoint = (config?.["s3Url"] ?? "s3.amazonaws.com").replace(/\/+$/, "");
  return `s3:${endpoint}/${joinKey(objectStorage.bucket, objectStorage.prefix, folder)}`;
}

export class RepositoryStores {
  readonly #locations: LocationObjectStores;

  /** `namespace`: where the locations and their Secrets live (the install namespace). */
  constructor(rest: RestClient, namespace: string, registry?: Registry) {
    this.#locations = new LocationObjectStores(rest, namespace, registry);
  }

  async storeFor(location: BackupStorageLocation, volumeNamespace: string): Promise<RepositoryStore> {
    const folder = layout.resticRepository(volumeNamespace);
    return {
      store: new PrefixedStore(await this.#locationStore(location), folder),
      identifier: repositoryIdentifier(location, volumeNamespace),
    };
  }

  /** The store of the location's bucket and prefix, shared by its repositories. */
  async #locationStore(location: BackupStorageLocation): Promise<ObjectStore> {
    try {
      return await this.#locations.objectStoreFor(location);
    } catch (err) {
      if (err instanceof LocationError) throw new PodVolumeError("RepositoryUnavailable", err.message, { cause: err });
      throw err;
    }
  }
}
