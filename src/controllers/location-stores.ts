/**
 * From a BackupStorageLocation to the BackupStore of its bucket: the location's ObjectStore
 * (location-object-stores.ts reads the credential Secret and keeps one store per location until
 * the location or its Secret changes) with the backup layout on top, so controllers share
 * connections instead of opening one per reconcile.
 */
import type { Registry } from "prom-client";
import type { BackupStorageLocation } from "../api/backup-storage-location.ts";
import type { RestClient } from "../kube/rest.ts";
import { BackupStore } from "../storage/backup-store.ts";
import type { ObjectStore } from "../storage/object-store.ts";
import { LocationObjectStores } from "./location-object-stores.ts";

export { LocationError } from "./location-object-stores.ts";

export class LocationStores {
  readonly #objectStores: LocationObjectStores;
  readonly #backupStores = new WeakMap<ObjectStore, BackupStore>();

  constructor(rest: RestClient, namespace: string, registry?: Registry) {
    this.#objectStores = new LocationObjectStores(rest, namespace, registry);
  }

  /** The store of `location`; throws LocationError with a message that says what to fix. */
  async storeFor(location: BackupStorageLocation): Promise<BackupStore> {
    const objectStore = await this.#objectStores.objectStoreFor(location);
    let store = this.#backupStores.get(objectStore);
    if (!store) {
      store = new BackupStore(objectStore);
      this.#backupStores.set(objectStore, store);
    }
    return store;
  }
}
