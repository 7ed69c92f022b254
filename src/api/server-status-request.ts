/**
 * ServerStatusRequest: asks the running server for its version (`lifeboat version`). The spec is
 * empty; create it with `spec: {}`.
 */
import { ageColumn, defineResource, type LifeboatObject } from "./definition.ts";
import { s, type Infer } from "./schema.ts";

export const serverStatusRequestPhases = ["New", "Processed"] as const;
export type ServerStatusRequestPhase = (typeof serverStatusRequestPhases)[number];

export const serverStatusRequestSpecSchema = s.object({});
export type ServerStatusRequestSpec = Infer<typeof serverStatusRequestSpecSchema>;

export const serverStatusRequestStatusSchema = s.object({
  phase: s.string({ enum: serverStatusRequestPhases }),
  processedTimestamp: s.dateTime(),
  serverVersion: s.string(),
});
export type ServerStatusRequestStatus = Infer<typeof serverStatusRequestStatusSchema>;

export type ServerStatusRequest = LifeboatObject<
  "ServerStatusRequest",
  ServerStatusRequestSpec,
  ServerStatusRequestStatus
>;

export const serverStatusRequestDefinition = defineResource<ServerStatusRequest>({
  kind: "ServerStatusRequest",
  plural: "serverstatusrequests",
  singular: "serverstatusrequest",
  shortNames: ["lbssr"],
  description: "A request for the server's version.",
  printerColumns: [
    { name: "Status", type: "string", jsonPath: ".status.phase" },
    { name: "Version", type: "string", jsonPath: ".status.serverVersion" },
    ageColumn,
  ],
  spec: serverStatusRequestSpecSchema,
  status: serverStatusRequestStatusSchema,
});
