/**
 * Schedule: creates a Backup from its template on a cron schedule. Backups are named
 * `<schedule>-<UTC yyyyMMddHHmmss>` and carry the lifeboat.dev/schedule-name label.
 * Field names follow Velero's Schedule.
 */
import { backupSpecSchema } from "./backup.ts";
import { ageColumn, defineResource, type LifeboatObject } from "./definition.ts";
import { s, type Infer } from "./schema.ts";

export const schedulePhases = ["New", "Enabled", "FailedValidation"] as const;
export type SchedulePhase = (typeof schedulePhases)[number];

export const scheduleSpecSchema = s.object(
  {
    schedule: s.string({
      minLength: 1,
      description: 'A 5-field cron expression ("0 3 * * *") or "@every 6h", "@daily"…',
    }),
    template: { ...backupSpecSchema, description: "The spec of every backup this schedule creates." },
    paused: s.boolean({ description: "Create no backups while true." }),
    skipImmediately: s.boolean({
      description: "Do not create a backup right away when the schedule is created or unpaused.",
    }),
    useOwnerReferencesInBackup: s.boolean({
      description: "Make the schedule the owner of its backups, so deleting it deletes them.",
    }),
  },
  { required: ["schedule", "template"] },
);
export type ScheduleSpec = Infer<typeof scheduleSpecSchema>;

export const scheduleStatusSchema = s.object({
  phase: s.string({ enum: schedulePhases }),
  lastBackup: s.dateTime({ description: "When the schedule last created a backup." }),
  lastSkipped: s.dateTime({ description: "When the schedule last skipped a backup (skipImmediately)." }),
  validationErrors: s.array(s.string()),
});
export type ScheduleStatus = Infer<typeof scheduleStatusSchema>;

export type Schedule = LifeboatObject<"Schedule", ScheduleSpec, ScheduleStatus>;

export const scheduleDefinition = defineResource<Schedule>({
  kind: "Schedule",
  plural: "schedules",
  singular: "schedule",
  shortNames: ["lbsch"],
  description: "Backups on a cron schedule, from a backup template.",
  printerColumns: [
    { name: "Status", type: "string", jsonPath: ".status.phase" },
    { name: "Schedule", type: "string", jsonPath: ".spec.schedule" },
    { name: "Last Backup", type: "date", jsonPath: ".status.lastBackup" },
    { name: "Paused", type: "boolean", jsonPath: ".spec.paused" },
    ageColumn,
  ],
  spec: scheduleSpecSchema,
  status: scheduleStatusSchema,
});
