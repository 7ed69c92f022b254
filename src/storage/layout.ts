/**
 * The bucket layout (DESIGN.md), and the only place in Lifeboat that spells out key names.
 * Keys are relative to the BackupStorageLocation's prefix (the ObjectStore applies it).
 *
 *   backups/<b>/lifeboat-backup.json          the Backup object; written last = commit point
 *   backups/<b>/<b>.tar.gz                    resources
 *   backups/<b>/<b>-logs.gz                   backup log
 *   backups/<b>/<b>-results.gz                errors and warnings
 *   backups/<b>/<b>-resource-list.json.gz     {"apps/v1/Deployment": ["ns/name", …]}
 *   backups/<b>/<b>-podvolumebackups.json.gz  PodVolumeBackup objects
 *   restores/<r>/restore-<r>-logs.gz, restore-<r>-results.gz
 *   restic/<namespace>/…                      restic-format repository per workload namespace
 */
import { StorageError } from "./errors.ts";

export const topLevelFolders = ["backups", "restores", "restic"] as const;

/** Kubernetes object names (DNS-1123 subdomains): never empty, never a "/". */
const objectName = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

function checked(kind: string, name: string): string {
  if (!objectName.test(name)) {
    throw new StorageError(
      "InvalidArgument",
      `${kind} name "${name}" is not a valid Kubernetes name (lower-case letters, digits, "-" and ".", at most 253)`,
    );
  }
  return name;
}

export const backupSidecars = ["contents", "log", "results", "resourceList", "podVolumeBackups"] as const;
export type BackupSidecar = (typeof backupSidecars)[number];

export const layout = {
  backupsFolder: "backups/",
  restoresFolder: "restores/",
  backupFolder: (backup: string): string => `backups/${checked("backup", backup)}/`,
  backupMetadata: (backup: string): string => `backups/${checked("backup", backup)}/lifeboat-backup.json`,
  backupFile(backup: string, part: BackupSidecar): string {
    const b = checked("backup", backup);
    const names: Record<BackupSidecar, string> = {
      contents: `${b}.tar.gz`,
      log: `${b}-logs.gz`,
      results: `${b}-results.gz`,
      resourceList: `${b}-resource-list.json.gz`,
      podVolumeBackups: `${b}-podvolumebackups.json.gz`,
    };
    return `backups/${b}/${names[part]}`;
  },
  restoreLog: (restore: string): string => `restores/${checked("restore", restore)}/restore-${restore}-logs.gz`,
  restoreResults: (restore: string): string => `restores/${checked("restore", restore)}/restore-${restore}-results.gz`,
  resticRepository: (namespace: string): string => `restic/${checked("namespace", namespace)}`,
  /** The backup a metadata key belongs to, or undefined for any other key. */
  backupOfMetadataKey(key: string): string | undefined {
    const match = /^backups\/([^/]+)\/lifeboat-backup\.json$/.exec(key);
    return match?.[1];
  },
};
