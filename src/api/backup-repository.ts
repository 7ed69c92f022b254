/**
 * BackupRepository: the restic-format repository that holds the volume data of one namespace
 * in one BackupStorageLocation, and its maintenance state. Modelled on Velero's
 * BackupRepository (Lifeboat has one repository type, so there is no repositoryType).
 */
import { ageColumn, defineResource, type LifeboatObject } from "./definition.ts";
import { s, type Infer } from "./schema.ts";

export const backupRepositoryPhases = ["New", "Ready", "NotReady"] as const;
export type BackupRepositoryPhase = (typeof backupRepositoryPhases)[number];

export const backupRepositorySpecSchema = s.object(
  {
    volumeNamespace: s.string({ minLength: 1, description: "The namespace whose volumes the repository holds." }),
    backupStorageLocation: s.string({ minLength: 1 }),
    repositoryIdentifier: s.string({ minLength: 1, description: "Where the repository is, in restic's notation." }),
    maintenanceFrequency: s.duration({ description: 'How often to prune the repository, e.g. "168h0m0s".' }),
  },
  { required: ["volumeNamespace", "backupStorageLocation", "repositoryIdentifier"] },
);
export type BackupRepositorySpec = Infer<typeof backupRepositorySpecSchema>;

export const backupRepositoryStatusSchema = s.object({
  phase: s.string({ enum: backupRepositoryPhases }),
  message: s.string(),
  lastMaintenanceTime: s.dateTime(),
});
export type BackupRepositoryStatus = Infer<typeof backupRepositoryStatusSchema>;

export type BackupRepository = LifeboatObject<"BackupRepository", BackupRepositorySpec, BackupRepositoryStatus>;

export const backupRepositoryDefinition = defineResource<BackupRepository>({
  kind: "BackupRepository",
  plural: "backuprepositories",
  singular: "backuprepository",
  shortNames: ["lbrepo"],
  description: "A restic-format repository for one namespace's volume data in one storage location.",
  printerColumns: [
    { name: "Namespace", type: "string", jsonPath: ".spec.volumeNamespace" },
    { name: "Storage Location", type: "string", jsonPath: ".spec.backupStorageLocation" },
    { name: "Status", type: "string", jsonPath: ".status.phase" },
    { name: "Last Maintenance", type: "date", jsonPath: ".status.lastMaintenanceTime" },
    ageColumn,
  ],
  spec: backupRepositorySpecSchema,
  status: backupRepositoryStatusSchema,
});
