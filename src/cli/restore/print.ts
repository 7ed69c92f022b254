/** The `restore get` table, with Velero's columns. */
import type { Restore } from "../../api/restore.ts";
import { timestamp } from "../describe-format.ts";
import { formatSelectors } from "../label-selector.ts";
import { kubeTable } from "../table.ts";

export const restoreColumns = [
  "NAME",
  "BACKUP",
  "STATUS",
  "STARTED",
  "COMPLETED",
  "ERRORS",
  "WARNINGS",
  "CREATED",
  "SELECTOR",
];

export function restoreRow(restore: Restore, offsetMinutes?: number): string[] {
  const s = restore.status;
  return [
    restore.metadata.name ?? "",
    restore.spec.backupName ?? restore.spec.scheduleName ?? "",
    s?.phase || "New",
    timestamp(s?.startTimestamp, offsetMinutes),
    timestamp(s?.completionTimestamp, offsetMinutes),
    String(s?.errors ?? 0),
    String(s?.warnings ?? 0),
    timestamp(restore.metadata.creationTimestamp, offsetMinutes),
    formatSelectors(restore.spec),
  ];
}

export function restoreTable(restores: Restore[], offsetMinutes?: number): string {
  return kubeTable(
    restoreColumns,
    restores.map((r) => restoreRow(r, offsetMinutes)),
  );
}
