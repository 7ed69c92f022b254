/**
 * The object store of a namespace's volume repository: the BackupStorageLocation's bucket at
 * `<prefix>/restic/<namespace>` (storage/layout.ts spells the folder), opened with the
 * location's credentials (an AWS INI file in the Secret key `spec.credential` names, as for the
 * location itself) through storage/compose.ts, and the repository's identifier in restic's
 * notation (`s3:http://host:9000/bucket/prefix/restic/ns`), which stock restic opens as is.
 * One store per location (its connections, retries and limits shared by all its repositories)
 * is kept until the location or its Secret changes; each repository sees its own folder of it.
 */
import path from "node:path";
import type { Registry } from "prom-client";
import type { BackupStorageLocation } from "../api/backup-storage-location.ts";
import { KubeError } from "../kube/errors.ts";
import type { RestClient } from "../kube/rest.ts";
import { openObjectStore, type StoreSpec } from "../storage/compose.ts";
import { layout } from "../storage/layout.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { parseCredentialsIni, s3ConfigFromLocation, type S3Credentials } from "../storage/s3/s3-config.ts";
import { PodVolumeError } from "./errors.ts";
import { PrefixedStore } from "./prefixed-store.ts";

export interface RepositoryStore {
  store: ObjectStore;
  /** restic's notation of where the repository is. */
  identifier: string;
}

interface SecretLike {
  metadata?: { resourceVersion?: string };
  data?: Record<string, string>;
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

function locationError(location: BackupStorageLocation, problem: string, cause?: unknown): PodVolumeError {
  return new PodVolumeError(
    "RepositoryUnavailable",
    `backup storage location "${location.metadata.name ?? ""}": ${problem}`,
    cause === undefined ? {} : { cause },
  );
}

export class RepositoryStores {
  readonly #rest: RestClient;
  readonly #namespace: string;
  readonly #registry: Registry | undefined;
  readonly #cache = new Map<string, { version: string; store: ObjectStore }>();

  /** `namespace`: where the locations and their Secrets live (the install namespace). */
  constructor(rest: RestClient, namespace: string, registry?: Registry) {
    this.#rest = rest;
    this.#namespace = namespace;
    this.#registry = registry;
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
    const name = location.metadata.name ?? "";
    const { credentials, secretVersion } = await this.#credentials(location);
    const version = `${location.metadata.resourceVersion ?? ""}/${secretVersion}`;
    const cached = this.#cache.get(name);
    if (cached?.version === version) return cached.store;
    const store = openObjectStore(this.#spec(location, credentials), {
      name,
      ...(this.#registry ? { registry: this.#registry } : {}),
    });
    this.#cache.set(name, { version, store });
    return store;
  }

  #spec(location: BackupStorageLocation, credentials: S3Credentials | undefined): StoreSpec {
    const { objectStorage, provider, config } = location.spec;
    if (provider === "filesystem") {
      return { provider: "filesystem", root: path.join(objectStorage.bucket, objectStorage.prefix ?? "") };
    }
    if (!credentials) {
      throw locationError(location, "has no spec.credential: set it to the Secret key holding an AWS credentials file");
    }
    try {
      return {
        provider: "aws",
        s3: s3ConfigFromLocation(
          {
            bucket: objectStorage.bucket,
            ...(objectStorage.prefix ? { prefix: objectStorage.prefix } : {}),
            ...(objectStorage.caCert ? { caCert: objectStorage.caCert } : {}),
            ...(config ? { config } : {}),
          },
          credentials,
        ),
      };
    } catch (err) {
      throw locationError(location, (err as Error).message, err);
    }
  }

  async #credentials(
    location: BackupStorageLocation,
  ): Promise<{ credentials: S3Credentials | undefined; secretVersion: string }> {
    const ref = location.spec.credential;
    if (!ref) return { credentials: undefined, secretVersion: "" };
    const where = `secret "${ref.name}" key "${ref.key}" (spec.credential)`;
    let secret: SecretLike;
    try {
      secret = await this.#rest.get<SecretLike>(
        `/api/v1/namespaces/${encodeURIComponent(this.#namespace)}/secrets/${encodeURIComponent(ref.name)}`,
      );
    } catch (err) {
      if (KubeError.is(err, "NotFound")) {
        throw locationError(location, `${where} does not exist in namespace ${this.#namespace}`, err);
      }
      throw err;
    }
    const encoded = secret.data?.[ref.key];
    if (encoded === undefined) throw locationError(location, `${where}: the secret has no such key`);
    try {
      return {
        credentials: parseCredentialsIni(Buffer.from(encoded, "base64").toString("utf8")),
        secretVersion: secret.metadata?.resourceVersion ?? "",
      };
    } catch (err) {
      throw locationError(location, `${where}: ${(err as Error).message}`, err);
    }
  }
}
