/** The `backup get` table, with Velero's columns. */
import type { Backup } from "../../api/backup.ts";
import { humanAge, timestamp } from "../describe-format.ts";
import { formatSelectors } from "../label-selector.ts";
import { kubeTable } from "../table.ts";

export const backupColumns = [
  "NAME",
  "STATUS",
  "ERRORS",
  "WARNINGS",
  "CREATED",
  "EXPIRES",
  "STORAGE LOCATION",
  "SELECTOR",
];

function expires(expiration: string | undefined, now: number): string {
  if (!expiration) return "<n/a>";
  const left = new Date(expiration).getTime() - now;
  if (Number.isNaN(left)) return "<n/a>";
  return left <= 0 ? "expired" : humanAge(left);
}

export function backupRow(backup: Backup, now: number, offsetMinutes?: number): string[] {
  const status = backup.status;
  const phase = backup.metadata.deletionTimestamp ? "Deleting" : status?.phase || "New";
  return [
    backup.metadata.name ?? "",
    phase,
    String(status?.errors ?? 0),
    String(status?.warnings ?? 0),
    timestamp(backup.metadata.creationTimestamp, offsetMinutes),
    expires(status?.expiration, now),
    backup.spec.storageLocation ?? "",
    formatSelectors(backup.spec),
  ];
}

export function backupTable(backups: Backup[], now = Date.now(), offsetMinutes?: number): string {
  return kubeTable(
    backupColumns,
    backups.map((b) => backupRow(b, now, offsetMinutes)),
  );
}
