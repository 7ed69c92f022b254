/**
 * DownloadRequest: asks the server for a short-lived presigned URL to one file of a backup or a
 * restore (log, results, contents…), so the CLI can read it without bucket credentials.
 */
import { ageColumn, defineResource, type LifeboatObject } from "./definition.ts";
import { s, type Infer } from "./schema.ts";

export const downloadTargetKinds = [
  "BackupLog",
  "BackupContents",
  "BackupResourceList",
  "BackupResults",
  "BackupPodVolumeBackups",
  "RestoreLog",
  "RestoreResults",
] as const;
export type DownloadTargetKind = (typeof downloadTargetKinds)[number];

export const downloadRequestPhases = ["New", "Processed"] as const;
export type DownloadRequestPhase = (typeof downloadRequestPhases)[number];

export const downloadRequestSpecSchema = s.object(
  {
    target: s.object(
      {
        kind: s.string({ enum: downloadTargetKinds }),
        name: s.string({ minLength: 1, description: "The backup or restore name." }),
      },
      { required: ["kind", "name"] },
    ),
  },
  { required: ["target"] },
);
export type DownloadRequestSpec = Infer<typeof downloadRequestSpecSchema>;

export const downloadRequestStatusSchema = s.object({
  phase: s.string({ enum: downloadRequestPhases }),
  downloadURL: s.string({ description: "Presigned URL of the file." }),
  expiration: s.dateTime({ description: "When the URL stops working (and the request is deleted)." }),
  message: s.string({ description: "Why no URL could be made." }),
});
export type DownloadRequestStatus = Infer<typeof downloadRequestStatusSchema>;

export type DownloadRequest = LifeboatObject<"DownloadRequest", DownloadRequestSpec, DownloadRequestStatus>;

export const downloadRequestDefinition = defineResource<DownloadRequest>({
  kind: "DownloadRequest",
  plural: "downloadrequests",
  singular: "downloadrequest",
  shortNames: ["lbdr"],
  description: "A request for a presigned URL to a backup's or restore's log, results or contents.",
  printerColumns: [
    { name: "Kind", type: "string", jsonPath: ".spec.target.kind" },
    { name: "Name", type: "string", jsonPath: ".spec.target.name" },
    { name: "Status", type: "string", jsonPath: ".status.phase" },
    ageColumn,
  ],
  spec: downloadRequestSpecSchema,
  status: downloadRequestStatusSchema,
});
