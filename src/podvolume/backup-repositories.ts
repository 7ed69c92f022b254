/**
 * BackupRepository objects: one per (volume namespace, storage location), named
 * `<namespace>-<location>` and labelled with both, recording where the repository is and
 * whether it is usable (status Ready, or NotReady with the reason). Whoever opens a repository
 * (the node agent, or the server before a backup) keeps its object true with `recordRepository`.
 */
import { createHash } from "node:crypto";
import { backupRepositoryDefinition, type BackupRepository } from "../api/backup-repository.ts";
import { apiVersion, labels } from "../api/group.ts";
import { KubeError } from "../kube/errors.ts";
import { lifeboatClient } from "../kube/resource-client.ts";
import type { RestClient } from "../kube/rest.ts";

/** Velero's weekly maintenance default. */
export const defaultMaintenanceFrequency = "168h0m0s";

export interface RepositoryKey {
  volumeNamespace: string;
  location: string;
}

/** `<namespace>-<location>`, shortened with a hash if it would pass 253 characters. */
export function backupRepositoryName(key: RepositoryKey): string {
  const name = `${key.volumeNamespace}-${key.location}`;
  if (name.length <= 253) return name;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, 10);
  return `${name.slice(0, 242)}-${hash}`;
}

export function backupRepositoryLabels(key: RepositoryKey): Record<string, string> {
  // label values are at most 63 characters; a longer location name is found by the object name
  return {
    [labels.volumeNamespace]: key.volumeNamespace,
    ...(key.location.length <= 63 ? { [labels.storageLocation]: key.location } : {}),
  };
}

export interface RepositoryState {
  phase: "Ready" | "NotReady";
  message: string;
}

/** Creates the BackupRepository if missing and sets its status (only when it changed). */
export async function recordRepository(
  rest: RestClient,
  namespace: string,
  key: RepositoryKey & { identifier: string },
  state: RepositoryState,
): Promise<BackupRepository> {
  const client = lifeboatClient(rest, backupRepositoryDefinition, namespace);
  const name = backupRepositoryName(key);
  let repo: BackupRepository;
  try {
    repo = await client.create({
      apiVersion,
      kind: "BackupRepository",
      metadata: { name, namespace, labels: backupRepositoryLabels(key) },
      spec: {
        volumeNamespace: key.volumeNamespace,
        backupStorageLocation: key.location,
        repositoryIdentifier: key.identifier,
        maintenanceFrequency: defaultMaintenanceFrequency,
      },
    });
  } catch (err) {
    if (!KubeError.is(err, "AlreadyExists")) throw err;
    repo = await client.get(name);
  }
  if (repo.status?.phase === state.phase && repo.status.message === state.message) return repo;
  return client.patchStatus(name, state);
}
