/**
 * DeleteBackupRequest: asks the server to delete a backup everywhere (its objects in the bucket,
 * its volume snapshots in the repositories, the Backup resource). The request stays as a record
 * of what happened, with the errors met on the way.
 */
import { ageColumn, defineResource, type LifeboatObject } from "./definition.ts";
import { s, type Infer } from "./schema.ts";

export const deleteBackupRequestPhases = ["New", "InProgress", "Processed"] as const;
export type DeleteBackupRequestPhase = (typeof deleteBackupRequestPhases)[number];

export const deleteBackupRequestSpecSchema = s.object(
  { backupName: s.string({ minLength: 1, description: "The backup to delete." }) },
  { required: ["backupName"] },
);
export type DeleteBackupRequestSpec = Infer<typeof deleteBackupRequestSpecSchema>;

export const deleteBackupRequestStatusSchema = s.object({
  phase: s.string({ enum: deleteBackupRequestPhases }),
  errors: s.array(s.string()),
});
export type DeleteBackupRequestStatus = Infer<typeof deleteBackupRequestStatusSchema>;

export type DeleteBackupRequest = LifeboatObject<
  "DeleteBackupRequest",
  DeleteBackupRequestSpec,
  DeleteBackupRequestStatus
>;

export const deleteBackupRequestDefinition = defineResource<DeleteBackupRequest>({
  kind: "DeleteBackupRequest",
  plural: "deletebackuprequests",
  singular: "deletebackuprequest",
  shortNames: ["lbdbr"],
  description: "A request to delete a backup and everything it stored.",
  printerColumns: [
    { name: "Backup", type: "string", jsonPath: ".spec.backupName" },
    { name: "Status", type: "string", jsonPath: ".status.phase" },
    ageColumn,
  ],
  spec: deleteBackupRequestSpecSchema,
  status: deleteBackupRequestStatusSchema,
});
