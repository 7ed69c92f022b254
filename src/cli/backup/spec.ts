/**
 * The Backup a `backup create` command line describes: the name, the shared filter flags, --ttl,
 * --storage-location, --default-volumes-to-fs-backup and --labels, parsed and then validated with
 * validateBackupSpec, so every bad value is a one-line error naming its flag before anything is
 * sent. Flags not given leave their fields out; the server fills its defaults (TTL, location).
 */
import type { Backup, BackupSpec } from "../../api/backup.ts";
import { apiVersion } from "../../api/group.ts";
import { validateBackupSpec } from "../../api/validation.ts";
import { filterSpec, labelsFrom, type FilterFlags } from "../filter-flags.ts";
import { parseDurationFlag, parseOptionalBool } from "../flags.ts";
import { UsageError } from "../output.ts";
import { objectNameProblem } from "../print-objects.ts";
import { throwIfProblems } from "../spec-problems.ts";

export interface BackupFlags extends FilterFlags {
  ttl?: string;
  storageLocation?: string;
  defaultVolumesToFsBackup?: string | boolean;
}

export function checkBackupName(name: string, what = "NAME"): void {
  const problem = objectNameProblem(name);
  if (problem) throw new UsageError(`${what}: ${problem}`);
}

export function backupFromFlags(name: string, namespace: string, flags: BackupFlags): Backup {
  checkBackupName(name);
  const spec: BackupSpec = { ...filterSpec(flags) };
  if (flags.ttl !== undefined) spec.ttl = parseDurationFlag("--ttl", flags.ttl, "720h0m0s");
  if (flags.storageLocation !== undefined) {
    const problem = objectNameProblem(flags.storageLocation);
    if (problem) throw new UsageError(`--storage-location: ${problem}`);
    spec.storageLocation = flags.storageLocation;
  }
  const fs = parseOptionalBool("--default-volumes-to-fs-backup", flags.defaultVolumesToFsBackup);
  if (fs !== undefined) spec.defaultVolumesToFsBackup = fs;
  throwIfProblems(validateBackupSpec(spec));
  const labels = labelsFrom(flags);
  return {
    apiVersion,
    kind: "Backup",
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    spec,
  };
}
