/**
 * PodVolumeRestore: write one snapshot from a restic-format repository into one volume of a
 * restored pod. Created by the restore engine, carried out by the node-agent of the node the pod
 * lands on. Field names follow Velero's PodVolumeRestore.
 */
import { ageColumn, defineResource, type LifeboatObject } from "./definition.ts";
import { objectReferenceSchema } from "./object-reference.ts";
import { podVolumeColumns, podVolumePhases, podVolumeProgressSchema } from "./pod-volume-backup.ts";
import { s, type Infer } from "./schema.ts";

export const podVolumeRestoreSpecSchema = s.object(
  {
    pod: objectReferenceSchema,
    volume: s.string({ minLength: 1, description: "The volume's name in the pod spec." }),
    backupStorageLocation: s.string({ minLength: 1 }),
    repoIdentifier: s.string({ minLength: 1 }),
    snapshotID: s.string({ minLength: 1 }),
    sourceNamespace: s.string({ minLength: 1, description: "The namespace the volume was backed up from." }),
    cancel: s.boolean({ description: "Set to true to stop the restore." }),
  },
  { required: ["pod", "volume", "backupStorageLocation", "repoIdentifier", "snapshotID", "sourceNamespace"] },
);
export type PodVolumeRestoreSpec = Infer<typeof podVolumeRestoreSpecSchema>;

export const podVolumeRestoreStatusSchema = s.object({
  phase: s.string({ enum: podVolumePhases }),
  message: s.string(),
  startTimestamp: s.dateTime(),
  completionTimestamp: s.dateTime(),
  progress: podVolumeProgressSchema,
});
export type PodVolumeRestoreStatus = Infer<typeof podVolumeRestoreStatusSchema>;

export type PodVolumeRestore = LifeboatObject<"PodVolumeRestore", PodVolumeRestoreSpec, PodVolumeRestoreStatus>;

export const podVolumeRestoreDefinition = defineResource<PodVolumeRestore>({
  kind: "PodVolumeRestore",
  plural: "podvolumerestores",
  singular: "podvolumerestore",
  shortNames: ["lbpvr"],
  description: "A restore of one snapshot into one pod volume.",
  printerColumns: [
    ...podVolumeColumns,
    { name: "Storage Location", type: "string", jsonPath: ".spec.backupStorageLocation", priority: 1 },
    ageColumn,
  ],
  spec: podVolumeRestoreSpecSchema,
  status: podVolumeRestoreStatusSchema,
});
