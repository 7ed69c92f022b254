/**
 * Backup: one run that writes a namespace selection's resources (and, through PodVolumeBackups,
 * its volume data) to a BackupStorageLocation. Field names and meanings follow Velero's Backup.
 * Warnings and errors in the status are counts; the messages are in the backup's results object.
 */
import { defineResource, type LifeboatObject } from "./definition.ts";
import { resourceFilterFields, selectorRule } from "./resource-filters.ts";
import { s, type Infer } from "./schema.ts";

export const backupPhases = [
  "New",
  "Queued",
  "InProgress",
  "WaitingForPodVolumes",
  "Finalizing",
  "Completed",
  "PartiallyFailed",
  "Failed",
  "FailedValidation",
  "Deleting",
] as const;
export type BackupPhase = (typeof backupPhases)[number];

export const backupSpecSchema = s.object(
  {
    ...resourceFilterFields,
    ttl: s.duration({ description: 'How long to keep the backup, e.g. "720h0m0s" (the default is 30 days).' }),
    storageLocation: s.string({ description: "The BackupStorageLocation to write to; absent means the default one." }),
    defaultVolumesToFsBackup: s.boolean({
      description: "Back up every pod volume unless the pod opts it out (backup.lifeboat.dev/backup-volumes-excludes).",
    }),
    orderedResources: s.map(s.string(), {
      description: 'Order for some resources: resource name → "ns/name,ns/name", e.g. {"pods": "db/pg-0,db/pg-1"}.',
    }),
    hooks: s.preserveUnknown({ description: "Commands to run in pods before and after they are backed up." }),
  },
  { rules: [selectorRule] },
);
export type BackupSpec = Infer<typeof backupSpecSchema>;

const count = () => s.integer({ minimum: 0 });
const bytes = () => s.integer({ minimum: 0, format: "int64" });

export const backupStatusSchema = s.object({
  phase: s.string({ enum: backupPhases }),
  validationErrors: s.array(s.string()),
  failureReason: s.string(),
  formatVersion: s.string({ description: 'Version of the backup format, e.g. "1.1.0".' }),
  startTimestamp: s.dateTime(),
  completionTimestamp: s.dateTime(),
  expiration: s.dateTime({ description: "When garbage collection deletes the backup." }),
  progress: s.object({ totalItems: count(), itemsBackedUp: count(), totalBytes: bytes(), bytesDone: bytes() }),
  warnings: count(),
  errors: count(),
  podVolumeBackups: s.object({ attempted: count(), completed: count(), failed: count() }),
  tarballBytes: bytes(),
});
export type BackupStatus = Infer<typeof backupStatusSchema>;

export type Backup = LifeboatObject<"Backup", BackupSpec, BackupStatus>;

export const backupDefinition = defineResource<Backup>({
  kind: "Backup",
  plural: "backups",
  singular: "backup",
  shortNames: ["lbb"],
  description: "A backup of Kubernetes resources and pod volume data to a BackupStorageLocation.",
  printerColumns: [
    { name: "Status", type: "string", jsonPath: ".status.phase", description: "Phase of the backup" },
    { name: "Errors", type: "integer", jsonPath: ".status.errors" },
    { name: "Warnings", type: "integer", jsonPath: ".status.warnings" },
    { name: "Created", type: "date", jsonPath: ".metadata.creationTimestamp" },
    { name: "Expires", type: "date", jsonPath: ".status.expiration" },
    { name: "Storage Location", type: "string", jsonPath: ".spec.storageLocation", priority: 1 },
  ],
  spec: backupSpecSchema,
  status: backupStatusSchema,
});
