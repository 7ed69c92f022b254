/** The `backup-location get` table, with Velero's columns. */
import type { BackupStorageLocation } from "../../api/backup-storage-location.ts";
import { timestamp } from "../describe-format.ts";
import { kubeTable } from "../table.ts";

export const locationColumns = [
  "NAME",
  "PROVIDER",
  "BUCKET/PREFIX",
  "PHASE",
  "LAST VALIDATED",
  "ACCESS MODE",
  "DEFAULT",
];

export function locationRow(location: BackupStorageLocation, offsetMinutes?: number): string[] {
  const { bucket, prefix } = location.spec.objectStorage;
  return [
    location.metadata.name ?? "",
    location.spec.provider,
    prefix ? `${bucket}/${prefix}` : bucket,
    location.status?.phase ?? "Unknown",
    location.status?.lastValidationTime ? timestamp(location.status.lastValidationTime, offsetMinutes) : "<none>",
    location.spec.accessMode ?? "ReadWrite",
    location.spec.default ? "true" : "",
  ];
}

export function locationTable(locations: BackupStorageLocation[], offsetMinutes?: number): string {
  return kubeTable(
    locationColumns,
    locations.map((l) => locationRow(l, offsetMinutes)),
  );
}
