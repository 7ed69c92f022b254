/**
 * PodVolumeBackup: copy one volume of one pod into the restic-format repository of its namespace.
 * Created by the backup engine, carried out by the node-agent on the pod's node. Field names
 * follow Velero's PodVolumeBackup.
 */
import { ageColumn, defineResource, type LifeboatObject, type PrinterColumn } from "./definition.ts";
import { objectReferenceSchema } from "./object-reference.ts";
import { s, type Infer } from "./schema.ts";

/** Phases of a pod volume backup or restore. */
export const podVolumePhases = ["New", "InProgress", "Completed", "Failed", "Canceled"] as const;
export type PodVolumePhase = (typeof podVolumePhases)[number];

/** The phases a pod volume backup or restore never leaves. */
export const terminalPodVolumePhases: ReadonlySet<string> = new Set<PodVolumePhase>([
  "Completed",
  "Failed",
  "Canceled",
]);

const bytes = () => s.integer({ minimum: 0, format: "int64" });

export const podVolumeProgressSchema = s.object({ totalBytes: bytes(), bytesDone: bytes() });
export type PodVolumeProgress = Infer<typeof podVolumeProgressSchema>;

/** The columns `kubectl get` shows first for a pod volume backup or restore. */
export const podVolumeColumns: readonly PrinterColumn[] = [
  { name: "Status", type: "string", jsonPath: ".status.phase" },
  { name: "Namespace", type: "string", jsonPath: ".spec.pod.namespace" },
  { name: "Pod", type: "string", jsonPath: ".spec.pod.name" },
  { name: "Volume", type: "string", jsonPath: ".spec.volume" },
  { name: "Bytes Done", type: "integer", jsonPath: ".status.progress.bytesDone" },
  { name: "Total Bytes", type: "integer", jsonPath: ".status.progress.totalBytes" },
];

export const podVolumeBackupSpecSchema = s.object(
  {
    node: s.string({ minLength: 1, description: "The node the pod runs on; its node-agent does the work." }),
    pod: objectReferenceSchema,
    volume: s.string({ minLength: 1, description: "The volume's name in the pod spec." }),
    backupStorageLocation: s.string({ minLength: 1 }),
    repoIdentifier: s.string({
      minLength: 1,
      description: "Where the repository is, e.g. s3:http://host/bucket/prefix/restic/ns.",
    }),
    tags: s.map(s.string(), { description: "Tags written into the snapshot (backup, pod, volume…)." }),
    cancel: s.boolean({ description: "Set to true to stop the backup." }),
  },
  { required: ["node", "pod", "volume", "backupStorageLocation", "repoIdentifier"] },
);
export type PodVolumeBackupSpec = Infer<typeof podVolumeBackupSpecSchema>;

export const podVolumeBackupStatusSchema = s.object({
  phase: s.string({ enum: podVolumePhases }),
  path: s.string({ description: "The volume's folder on the node." }),
  snapshotID: s.string(),
  message: s.string(),
  startTimestamp: s.dateTime(),
  completionTimestamp: s.dateTime(),
  progress: podVolumeProgressSchema,
  incrementalBytes: bytes(),
});
export type PodVolumeBackupStatus = Infer<typeof podVolumeBackupStatusSchema>;

export type PodVolumeBackup = LifeboatObject<"PodVolumeBackup", PodVolumeBackupSpec, PodVolumeBackupStatus>;

export const podVolumeBackupDefinition = defineResource<PodVolumeBackup>({
  kind: "PodVolumeBackup",
  plural: "podvolumebackups",
  singular: "podvolumebackup",
  shortNames: ["lbpvb"],
  description: "A backup of one pod volume's data into a restic-format repository.",
  printerColumns: [
    ...podVolumeColumns,
    { name: "Node", type: "string", jsonPath: ".spec.node", priority: 1 },
    { name: "Storage Location", type: "string", jsonPath: ".spec.backupStorageLocation", priority: 1 },
    ageColumn,
  ],
  spec: podVolumeBackupSpecSchema,
  status: podVolumeBackupStatusSchema,
});
