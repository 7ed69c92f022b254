/**
 * Restore: one run that reads a backup (named, or the latest successful one of a schedule) and
 * recreates its resources and volume data in this cluster, optionally filtered and with
 * namespaces renamed. Field names and meanings follow Velero's Restore.
 */
import { defineResource, type LifeboatObject } from "./definition.ts";
import { resourceFilterFields, selectorRule } from "./resource-filters.ts";
import { s, type CelRule, type Infer } from "./schema.ts";

export const restorePhases = [
  "New",
  "InProgress",
  "WaitingForPodVolumes",
  "Finalizing",
  "Completed",
  "PartiallyFailed",
  "Failed",
  "FailedValidation",
] as const;
export type RestorePhase = (typeof restorePhases)[number];

export const existingResourcePolicies = ["none", "update"] as const;
export type ExistingResourcePolicy = (typeof existingResourcePolicies)[number];

export const restoreSourceRule: CelRule = {
  rule: "has(self.backupName) != has(self.scheduleName)",
  message: "set exactly one of backupName (restore that backup) or scheduleName (restore its latest backup)",
};

export const restoreSpecSchema = s.object(
  {
    backupName: s.string({ minLength: 1, description: "The backup to restore." }),
    scheduleName: s.string({ minLength: 1, description: "Restore the latest successful backup of this schedule." }),
    ...resourceFilterFields,
    namespaceMapping: s.map(s.string({ minLength: 1 }), {
      description: 'Restore namespaces under new names: source → target, e.g. {"shop": "shop-copy"}.',
    }),
    restorePVs: s.boolean({ description: "Restore persistent volumes (default true)." }),
    existingResourcePolicy: s.string({
      enum: existingResourcePolicies,
      description: "What to do with an object that already exists: none (leave it, warn) or update (patch it).",
    }),
    restoreStatus: s.object(
      {
        includedResources: s.array(s.string({ minLength: 1 })),
        excludedResources: s.array(s.string({ minLength: 1 })),
      },
      { description: "Resources whose status is restored too (by default status is dropped)." },
    ),
    preserveNodePorts: s.boolean({ description: "Keep the node ports of restored Services." }),
  },
  { rules: [restoreSourceRule, selectorRule] },
);
export type RestoreSpec = Infer<typeof restoreSpecSchema>;

const count = () => s.integer({ minimum: 0 });

export const restoreStatusSchema = s.object({
  phase: s.string({ enum: restorePhases }),
  validationErrors: s.array(s.string()),
  failureReason: s.string(),
  startTimestamp: s.dateTime(),
  completionTimestamp: s.dateTime(),
  progress: s.object({ totalItems: count(), itemsRestored: count() }),
  warnings: count(),
  errors: count(),
  podVolumeRestores: s.object({ attempted: count(), completed: count(), failed: count() }),
});
export type RestoreStatus = Infer<typeof restoreStatusSchema>;

export type Restore = LifeboatObject<"Restore", RestoreSpec, RestoreStatus>;

export const restoreDefinition = defineResource<Restore>({
  kind: "Restore",
  plural: "restores",
  singular: "restore",
  shortNames: ["lbr"],
  description: "A restore of a backup's resources and pod volume data into this cluster.",
  printerColumns: [
    { name: "Backup", type: "string", jsonPath: ".spec.backupName" },
    { name: "Status", type: "string", jsonPath: ".status.phase", description: "Phase of the restore" },
    { name: "Started", type: "date", jsonPath: ".status.startTimestamp" },
    { name: "Completed", type: "date", jsonPath: ".status.completionTimestamp" },
    { name: "Errors", type: "integer", jsonPath: ".status.errors" },
    { name: "Warnings", type: "integer", jsonPath: ".status.warnings" },
    { name: "Created", type: "date", jsonPath: ".metadata.creationTimestamp" },
  ],
  spec: restoreSpecSchema,
  status: restoreStatusSchema,
});
