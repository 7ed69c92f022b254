/**
 * `backup describe` as text: spec and status with the numbers an SRE checks after a run —
 * items, bytes, tarball size, pod volume backups, duration, expiry — and, with --details, the
 * backed-up resources grouped by kind and the run's errors and warnings.
 */
import type { Backup } from "../../api/backup.ts";
import type { RunResults } from "../../util/results.ts";
import { fields, humanBytes, timestamp } from "../describe-format.ts";
import type { PodVolumeBackup } from "../../api/pod-volume-backup.ts";
import { podVolumesText } from "../pod-volumes-text.ts";
import { filtersText, headerText, problemsText, timesText, type DescribeOptions } from "../describe-common.ts";
import { resultsText } from "../results-text.ts";

/** `{"apps/v1/Deployment": ["ns/name", …]}`, as the backup's resource list stores it. */
export type ResourceList = Record<string, string[]>;

export interface BackupDetails {
  resourceList?: ResourceList;
  podVolumeBackups?: PodVolumeBackup[];
  results?: Partial<RunResults>;
  /** Why a detail could not be fetched (no server, not written yet…). */
  problems?: string[];
}

function bool(value: boolean | undefined, fallback: string): string {
  return value === undefined ? fallback : String(value);
}

function countsOf(attempted?: number, completed?: number, failed?: number): string {
  return `${attempted ?? 0} attempted, ${completed ?? 0} completed, ${failed ?? 0} failed`;
}

function progressText(backup: Backup): string {
  const s = backup.status ?? {};
  const p = s.progress ?? {};
  const rows: [string, string][] = [
    ["Total items to be backed up", String(p.totalItems ?? 0)],
    ["Items backed up", String(p.itemsBackedUp ?? 0)],
  ];
  if (p.totalBytes || p.bytesDone)
    rows.push(["Volume data", `${humanBytes(p.bytesDone ?? 0)} of ${humanBytes(p.totalBytes ?? 0)}`]);
  if (s.tarballBytes !== undefined) rows.push(["Resource tarball", humanBytes(s.tarballBytes)]);
  const pvb = s.podVolumeBackups;
  if (pvb) rows.push(["Pod volume backups", countsOf(pvb.attempted, pvb.completed, pvb.failed)]);
  rows.push(["Errors", String(s.errors ?? 0)], ["Warnings", String(s.warnings ?? 0)]);
  return fields(rows);
}

export function resourceListText(list: ResourceList): string {
  const kinds = Object.keys(list).sort();
  if (kinds.length === 0) return "Resource List:  <none>\n";
  const lines = ["Resource List:"];
  for (const kind of kinds) {
    const items = [...(list[kind] ?? [])].sort();
    lines.push(`  ${kind} (${items.length}):`, ...items.map((i) => `    - ${i}`));
  }
  return lines.join("\n") + "\n";
}

function detailsText(name: string, details: BackupDetails | undefined): string {
  if (!details) return `Resource List:  <run 'lifeboat backup describe ${name} --details' to see it>\n`;
  const out: string[] = [];
  if (details.resourceList) out.push(resourceListText(details.resourceList));
  if (details.podVolumeBackups) out.push(podVolumesText("Pod Volume Backups", details.podVolumeBackups));
  if (details.results) out.push(resultsText(details.results));
  for (const problem of details.problems ?? []) out.push(`${problem}\n`);
  return out.join("\n");
}

export function describeBackup(backup: Backup, options: DescribeOptions & { details?: BackupDetails } = {}): string {
  const spec = backup.spec;
  const status = backup.status;
  const name = backup.metadata.name ?? "";
  const phase = backup.metadata.deletionTimestamp ? "Deleting" : status?.phase || "New";
  return [
    headerText(backup.metadata, phase),
    problemsText(status),
    filtersText(spec),
    fields([
      ["Storage Location", spec.storageLocation ?? "<default>"],
      ["File system backup by default", bool(spec.defaultVolumesToFsBackup, "false")],
      ["TTL", spec.ttl ?? "<server default>"],
    ]),
    timesText(status, options),
    fields([["Expiration", timestamp(status?.expiration, options.offsetMinutes)]]),
    progressText(backup),
    detailsText(name, options.details),
  ]
    .filter((part) => part !== "")
    .join("\n");
}
