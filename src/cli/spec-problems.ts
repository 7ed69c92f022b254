/**
 * Turns the problems src/api/validation.ts finds in a spec into the one-line usage error a CLI
 * user should see: the flag that set the field leads the line (`--include-namespaces: …`), and
 * further problems are counted, not printed, so the output stays one line.
 */
import { UsageError } from "./output.ts";

/** spec field → the flag that sets it, shared by backup and restore create. */
export const filterFlags: Record<string, string> = {
  includedNamespaces: "--include-namespaces",
  excludedNamespaces: "--exclude-namespaces",
  includedResources: "--include-resources",
  excludedResources: "--exclude-resources",
  includeClusterResources: "--include-cluster-resources",
  labelSelector: "--selector",
  orLabelSelectors: "--or-selector",
  ttl: "--ttl",
  storageLocation: "--storage-location",
  namespaceMapping: "--namespace-mappings",
  restoreStatus: "--status-include-resources",
  backupName: "--from-backup",
  objectStorage: "--bucket",
  config: "--config",
  provider: "--provider",
  validationFrequency: "--validation-frequency",
  backupSyncPeriod: "--backup-sync-period",
};

/** The flag a problem is about, from the spec path it starts with, if known. */
export function flagOf(problem: string, flags: Record<string, string> = filterFlags): string | undefined {
  const field = /^spec\.([A-Za-z]+)/.exec(problem)?.[1];
  if (field === "objectStorage" && /^spec\.objectStorage\.prefix/.test(problem)) return "--prefix";
  return field ? flags[field] : undefined;
}

/** Throws a one-line UsageError for the first problem, if there is any. */
export function throwIfProblems(problems: readonly string[], flags: Record<string, string> = filterFlags): void {
  const [first] = problems;
  if (first === undefined) return;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
  const flag = flagOf(first, flags);
  throw new UsageError(`${flag ? `${flag}: ` : ""}${first}${more}`);
}
