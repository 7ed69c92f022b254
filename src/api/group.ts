/**
 * The Lifeboat API group and the names every component agrees on: the apiVersion of our custom
 * resources, the default install namespace, and the well-known labels and annotations (the
 * Lifeboat spellings of Velero's, plus Velero's own volume annotations, honoured so existing
 * workloads keep working).
 */

export const group = "lifeboat.dev";
export const version = "v1";
export const apiVersion = "lifeboat.dev/v1";
export type ApiVersion = typeof apiVersion;

/** Where `lifeboat install` puts the server, and where the custom resources live by default. */
export const defaultNamespace = "lifeboat";

export const labels = {
  backupName: "lifeboat.dev/backup-name",
  backupUid: "lifeboat.dev/backup-uid",
  restoreName: "lifeboat.dev/restore-name",
  restoreUid: "lifeboat.dev/restore-uid",
  storageLocation: "lifeboat.dev/storage-location",
  scheduleName: "lifeboat.dev/schedule-name",
  /** Value "true" keeps an object out of every backup. */
  excludeFromBackup: "lifeboat.dev/exclude-from-backup",
  pvcUid: "lifeboat.dev/pvc-uid",
  podUid: "lifeboat.dev/pod-uid",
  volumeNamespace: "lifeboat.dev/volume-namespace",
} as const;

export const annotations = {
  /** On a pod: comma-separated volume names to back up (opt-in). */
  backupVolumes: "backup.lifeboat.dev/backup-volumes",
  /** On a pod: comma-separated volume names not to back up (opt-out, with defaultVolumesToFsBackup). */
  backupVolumesExcludes: "backup.lifeboat.dev/backup-volumes-excludes",
  /** Velero's spelling of backupVolumes, honoured too. */
  veleroBackupVolumes: "backup.velero.io/backup-volumes",
  /** Velero's spelling of backupVolumesExcludes, honoured too. */
  veleroBackupVolumesExcludes: "backup.velero.io/backup-volumes-excludes",
} as const;
