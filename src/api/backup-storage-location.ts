/**
 * BackupStorageLocation: a bucket (and prefix) where backups live, how to reach it, and whether
 * this cluster may write there. Field names follow Velero's BSL; `config` keys are the aws
 * plugin's (see known keys in validation.ts). Provider `filesystem` keeps backups in a folder;
 * its `bucket` is that folder's absolute path.
 */
import { ageColumn, defineResource, type LifeboatObject } from "./definition.ts";
import { s, type Infer } from "./schema.ts";

export const providers = ["aws", "filesystem"] as const;
export type Provider = (typeof providers)[number];

export const accessModes = ["ReadWrite", "ReadOnly"] as const;
export type AccessMode = (typeof accessModes)[number];

export const locationPhases = ["Available", "Unavailable"] as const;
export type LocationPhase = (typeof locationPhases)[number];

export const backupStorageLocationSpecSchema = s.object(
  {
    provider: s.string({ enum: providers, description: "aws (any S3-compatible store) or filesystem." }),
    objectStorage: s.object(
      {
        bucket: s.string({ minLength: 1, description: "Bucket name; for provider filesystem an absolute path." }),
        prefix: s.string({ description: 'Folder inside the bucket, without leading or trailing "/".' }),
        caCert: s.string({ format: "byte", description: "Base64 PEM bundle to trust for the S3 endpoint." }),
      },
      { required: ["bucket"] },
    ),
    config: s.map(s.string(), {
      description: "region, s3Url, publicUrl, s3ForcePathStyle, insecureSkipTLSVerify, checksumAlgorithm.",
    }),
    credential: s.object(
      { name: s.string({ minLength: 1 }), key: s.string({ minLength: 1 }) },
      { required: ["name", "key"], description: "Key of a Secret in this namespace holding AWS INI credentials." },
    ),
    default: s.boolean({ description: "Backups without storageLocation go here." }),
    accessMode: s.string({ enum: accessModes, default: "ReadWrite" }),
    validationFrequency: s.duration({ description: 'How often to check the location, e.g. "1m0s"; "0" disables.' }),
    backupSyncPeriod: s.duration({
      description: 'How often to sync backups from the bucket, e.g. "1m0s"; "0" disables.',
    }),
  },
  { required: ["provider", "objectStorage"] },
);
export type BackupStorageLocationSpec = Infer<typeof backupStorageLocationSpecSchema>;

export const backupStorageLocationStatusSchema = s.object({
  phase: s.string({ enum: locationPhases }),
  message: s.string(),
  lastValidationTime: s.dateTime(),
  lastSyncedTime: s.dateTime(),
});
export type BackupStorageLocationStatus = Infer<typeof backupStorageLocationStatusSchema>;

export type BackupStorageLocation = LifeboatObject<
  "BackupStorageLocation",
  BackupStorageLocationSpec,
  BackupStorageLocationStatus
>;

export const backupStorageLocationDefinition = defineResource<BackupStorageLocation>({
  kind: "BackupStorageLocation",
  plural: "backupstoragelocations",
  singular: "backupstoragelocation",
  shortNames: ["lbbsl"],
  description: "Where backups are stored: an S3 bucket (and prefix) or a folder.",
  printerColumns: [
    { name: "Phase", type: "string", jsonPath: ".status.phase" },
    { name: "Last Validated", type: "date", jsonPath: ".status.lastValidationTime" },
    { name: "Access Mode", type: "string", jsonPath: ".spec.accessMode" },
    { name: "Default", type: "boolean", jsonPath: ".spec.default" },
    { name: "Provider", type: "string", jsonPath: ".spec.provider", priority: 1 },
    { name: "Bucket", type: "string", jsonPath: ".spec.objectStorage.bucket", priority: 1 },
    ageColumn,
  ],
  spec: backupStorageLocationSpecSchema,
  status: backupStorageLocationStatusSchema,
});
