/**
 * The Restore a `restore create` command line describes: `--from-backup` or `--from-schedule`,
 * the shared filter flags, --namespace-mappings, --existing-resource-policy, --restore-volumes,
 * --preserve-nodeports, --status-include/exclude-resources and --labels, parsed and validated
 * with validateRestoreSpec. The default name is `<backup or schedule>-<UTC yyyyMMddHHmmss>`.
 */
import { apiVersion } from "../../api/group.ts";
import { existingResourcePolicies, type Restore, type RestoreSpec } from "../../api/restore.ts";
import { validateRestoreSpec } from "../../api/validation.ts";
import { filterSpec, labelsFrom, type FilterFlags } from "../filter-flags.ts";
import { parseChoice, parseList, parseNamespaceMappings, parseOptionalBool } from "../flags.ts";
import { UsageError } from "../output.ts";
import { objectNameProblem } from "../print-objects.ts";
import { throwIfProblems } from "../spec-problems.ts";

export interface RestoreFlags extends FilterFlags {
  fromBackup?: string;
  fromSchedule?: string;
  namespaceMappings?: string;
  existingResourcePolicy?: string;
  restoreVolumes?: string | boolean;
  preserveNodeports?: string | boolean;
  statusIncludeResources?: string;
  statusExcludeResources?: string;
}

/** `<source>-<UTC yyyyMMddHHmmss>`, the name Velero gives a restore that was not named. */
export function defaultRestoreName(source: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return `${source.slice(0, 253 - 15)}-${stamp}`;
}

function source(flags: RestoreFlags): { backupName: string } | { scheduleName: string } {
  if (flags.fromBackup !== undefined && flags.fromSchedule !== undefined)
    throw new UsageError(
      "--from-schedule: cannot be combined with --from-backup; give one, e.g. --from-backup nightly-20250301",
    );
  const value = flags.fromBackup ?? flags.fromSchedule;
  const flag = flags.fromBackup !== undefined ? "--from-backup" : "--from-schedule";
  if (value === undefined)
    throw new UsageError("--from-backup: required (or --from-schedule); e.g. --from-backup nightly-20250301");
  const problem = objectNameProblem(value);
  if (problem) throw new UsageError(`${flag}: ${problem}`);
  return flags.fromBackup !== undefined ? { backupName: value } : { scheduleName: value };
}

function restoreStatus(flags: RestoreFlags): RestoreSpec["restoreStatus"] {
  if (flags.statusIncludeResources === undefined && flags.statusExcludeResources === undefined) return undefined;
  return {
    ...(flags.statusIncludeResources !== undefined
      ? { includedResources: parseList("--status-include-resources", flags.statusIncludeResources, "workflows,jobs") }
      : {}),
    ...(flags.statusExcludeResources !== undefined
      ? { excludedResources: parseList("--status-exclude-resources", flags.statusExcludeResources, "pods") }
      : {}),
  };
}

function optionalFields(flags: RestoreFlags): Partial<RestoreSpec> {
  const spec: Partial<RestoreSpec> = {};
  if (flags.namespaceMappings !== undefined)
    spec.namespaceMapping = parseNamespaceMappings("--namespace-mappings", flags.namespaceMappings);
  if (flags.existingResourcePolicy !== undefined)
    spec.existingResourcePolicy = parseChoice(
      "--existing-resource-policy",
      flags.existingResourcePolicy,
      existingResourcePolicies,
    );
  const restorePVs = parseOptionalBool("--restore-volumes", flags.restoreVolumes);
  if (restorePVs !== undefined) spec.restorePVs = restorePVs;
  const preserve = parseOptionalBool("--preserve-nodeports", flags.preserveNodeports);
  if (preserve !== undefined) spec.preserveNodePorts = preserve;
  const status = restoreStatus(flags);
  if (status) spec.restoreStatus = status;
  return spec;
}

export function restoreFromFlags(
  name: string | undefined,
  namespace: string,
  flags: RestoreFlags,
  now: Date = new Date(),
): Restore {
  const from = source(flags);
  const restoreName = name ?? defaultRestoreName("backupName" in from ? from.backupName : from.scheduleName, now);
  const problem = objectNameProblem(restoreName);
  if (problem) throw new UsageError(`NAME: ${problem}`);
  const spec: RestoreSpec = { ...from, ...filterSpec(flags), ...optionalFields(flags) };
  throwIfProblems(validateRestoreSpec(spec));
  const labels = labelsFrom(flags);
  return {
    apiVersion,
    kind: "Restore",
    metadata: { name: restoreName, namespace, ...(labels ? { labels } : {}) },
    spec,
  };
}
