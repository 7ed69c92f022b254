/**
 * From a BackupStorageLocation to the ObjectStore of its bucket and prefix: reads the credential
 * Secret (AWS INI, as Velero), builds the S3 or filesystem store through storage/compose.ts, and
 * keeps one store per location until the location or its Secret changes (resourceVersions are
 * part of the cache key), so callers share connections instead of opening one per reconcile.
 * The server's backup stores and the volume repositories are both built on it.
 */
import path from "node:path";
import type { Registry } from "prom-client";
import type { BackupStorageLocation } from "../api/backup-storage-location.ts";
import { KubeError } from "../kube/errors.ts";
import type { RestClient } from "../kube/rest.ts";
import { openObjectStore, type StoreSpec } from "../storage/compose.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { parseCredentialsIni, s3ConfigFromLocation, type S3Credentials } from "../storage/s3/s3-config.ts";

interface SecretLike {
  metadata?: { resourceVersion?: string };
  data?: Record<string, string>;
}

/** A location that cannot be opened; the message says what to fix. */
export class LocationError extends Error {
  readonly code = "LocationError";
}

export class LocationObjectStores {
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

  /** The store of `location`'s bucket and prefix; throws LocationError. */
  async objectStoreFor(location: BackupStorageLocation): Promise<ObjectStore> {
    const name = location.metadata.name ?? "";
    const { credentials, secretVersion } = await this.#credentials(location);
    const version = `${location.metadata.resourceVersion ?? ""}/${secretVersion}`;
    const cached = this.#cache.get(name);
    if (cached?.version === version) return cached.store;
    const store = openObjectStore(storeSpecOf(location, credentials), {
      name,
      ...(this.#registry ? { registry: this.#registry } : {}),
    });
    this.#cache.set(name, { version, store });
    return store;
  }

  async #credentials(
    location: BackupStorageLocation,
  ): Promise<{ credentials: S3Credentials | undefined; secretVersion: string }> {
    const ref = location.spec.credential;
    if (!ref) return { credentials: undefined, secretVersion: "" };
    const where = `secret "${ref.name}" key "${ref.key}" (spec.credential of backup storage location "${location.metadata.name}")`;
    let secret: SecretLike;
    try {
      secret = await this.#rest.get<SecretLike>(
        `/api/v1/namespaces/${encodeURIComponent(this.#namespace)}/secrets/${encodeURIComponent(ref.name)}`,
      );
    } catch (err) {
      if (KubeError.is(err, "NotFound")) {
        throw new LocationError(`${where} does not exist in namespace ${this.#namespace}`, { cause: err });
      }
      throw err;
    }
    const encoded = secret.data?.[ref.key];
    if (encoded === undefined) throw new LocationError(`${where}: the secret has no such key`);
    try {
      return {
        credentials: parseCredentialsIni(Buffer.from(encoded, "base64").toString("utf8")),
        secretVersion: secret.metadata?.resourceVersion ?? "",
      };
    } catch (err) {
      throw new LocationError(`${where}: ${(err as Error).message}`, { cause: err });
    }
  }
}

function storeSpecOf(location: BackupStorageLocation, credentials: S3Credentials | undefined): StoreSpec {
  const { objectStorage, provider, config } = location.spec;
  if (provider === "filesystem") {
    return { provider: "filesystem", root: path.join(objectStorage.bucket, objectStorage.prefix ?? "") };
  }
  if (!credentials) {
    throw new LocationError(
      `backup storage location "${location.metadata.name}" has no spec.credential: ` +
        `set it to the Secret key holding an AWS credentials file (lifeboat backup-location set NAME --credential secret=key)`,
    );
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
    throw new LocationError(`backup storage location "${location.metadata.name}": ${(err as Error).message}`, {
      cause: err,
    });
  }
}
