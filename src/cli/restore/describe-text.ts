/**
 * `restore describe` as text: source backup, filters, namespace mappings, policies, timing and
 * counts, then the errors and warnings per namespace from the restore's results.
 */
import type { PodVolumeRestore } from "../../api/pod-volume-restore.ts";
import type { Restore } from "../../api/restore.ts";
import { podVolumesText } from "../pod-volumes-text.ts";
import type { RunResults } from "../../util/results.ts";
import { fields, listOr } from "../describe-format.ts";
import { filtersText, headerText, problemsText, timesText, type DescribeOptions } from "../describe-common.ts";
import { resultsText } from "../results-text.ts";

export interface RestoreDetails {
  results?: Partial<RunResults>;
  podVolumeRestores?: PodVolumeRestore[];
  problems?: string[];
}

function mappingText(mapping: Record<string, string> | undefined): string {
  const entries = Object.entries(mapping ?? {});
  if (entries.length === 0) return "Namespace mappings:  <none>\n";
  return `Namespace mappings:\n${entries.map(([src, dst]) => `  ${src} -> ${dst}`).join("\n")}\n`;
}

function detailsText(name: string, status: Restore["status"], details: RestoreDetails | undefined): string {
  if (!details) {
    const some = (status?.errors ?? 0) + (status?.warnings ?? 0) > 0;
    return some ? `Errors and warnings:  <run 'lifeboat restore describe ${name} --details' to see them>\n` : "";
  }
  const out: string[] = [];
  if (details.podVolumeRestores) out.push(podVolumesText("Pod Volume Restores", details.podVolumeRestores));
  if (details.results) out.push(resultsText(details.results));
  for (const problem of details.problems ?? []) out.push(`${problem}\n`);
  return out.join("\n");
}

function countsText(status: Restore["status"]): string {
  const s = status ?? {};
  const p = s.progress ?? {};
  const pvr = s.podVolumeRestores;
  const rows: [string, string][] = [
    ["Total items to be restored", String(p.totalItems ?? 0)],
    ["Items restored", String(p.itemsRestored ?? 0)],
  ];
  if (pvr)
    rows.push([
      "Pod volume restores",
      `${pvr.attempted ?? 0} attempted, ${pvr.completed ?? 0} completed, ${pvr.failed ?? 0} failed`,
    ]);
  rows.push(["Errors", String(s.errors ?? 0)], ["Warnings", String(s.warnings ?? 0)]);
  return fields(rows);
}

function optional(value: boolean | undefined): string {
  return value === undefined ? "auto" : String(value);
}

function policiesText(spec: Restore["spec"]): string {
  return fields([
    ["Restore PVs", optional(spec.restorePVs)],
    ["Existing resource policy", spec.existingResourcePolicy ?? "none"],
    ["Restore status of", listOr(spec.restoreStatus?.includedResources)],
    ["Preserve node ports", optional(spec.preserveNodePorts)],
  ]);
}

export function describeRestore(
  restore: Restore,
  options: DescribeOptions & { details?: RestoreDetails } = {},
): string {
  const spec = restore.spec;
  const status = restore.status;
  return [
    headerText(restore.metadata, status?.phase || "New"),
    problemsText(status),
    fields(spec.backupName ? [["Backup", spec.backupName]] : [["Schedule", spec.scheduleName ?? ""]]),
    filtersText(spec),
    mappingText(spec.namespaceMapping),
    policiesText(spec),
    timesText(status, options),
    countsText(status),
    detailsText(restore.metadata.name ?? "", status, options.details),
  ]
    .filter((part) => part !== "")
    .join("\n");
}
