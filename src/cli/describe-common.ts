/**
 * The parts of `describe` output that Backup and Restore share: the object header (name,
 * namespace, labels, annotations), the filter block (namespaces, resources, selectors), the
 * timing block (started, completed, duration) and validation errors / failure reason.
 */
import type { V1ObjectMeta } from "@kubernetes/client-node";
import { between, fields, goDuration, listOr, timestamp } from "./describe-format.ts";
import type { FilterFields } from "./filter-flags.ts";
import { formatLabelSelector } from "./label-selector.ts";

export interface DescribeOptions {
  now?: number;
  /** Minutes east of UTC for timestamps; the local zone when absent. */
  offsetMinutes?: number;
}

function pairs(map: Record<string, string> | undefined): string {
  const entries = Object.entries(map ?? {});
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join("\n              ") : "<none>";
}

export function headerText(metadata: V1ObjectMeta, phase: string): string {
  return (
    fields([
      ["Name", metadata.name ?? ""],
      ["Namespace", metadata.namespace ?? ""],
      ["Labels", pairs(metadata.labels)],
      ["Annotations", pairs(metadata.annotations)],
    ]) + `\nPhase:  ${phase}\n`
  );
}

function clusterScoped(value: boolean | undefined): string {
  if (value === undefined) return "auto";
  return value ? "included" : "excluded";
}

export function filtersText(spec: FilterFields): string {
  return [
    "Namespaces:",
    fields(
      [
        ["Included", listOr(spec.includedNamespaces, "*")],
        ["Excluded", listOr(spec.excludedNamespaces)],
      ],
      2,
    ),
    "Resources:",
    fields(
      [
        ["Included", listOr(spec.includedResources, "*")],
        ["Excluded", listOr(spec.excludedResources)],
        ["Cluster-scoped", clusterScoped(spec.includeClusterResources)],
      ],
      2,
    ),
    `Label selector:  ${formatLabelSelector(spec.labelSelector) || "<none>"}\n`,
    `Or label selector:  ${spec.orLabelSelectors?.length ? spec.orLabelSelectors.map(formatLabelSelector).join(" or ") : "<none>"}\n`,
  ].join("\n");
}

export interface RunTimes {
  startTimestamp?: string;
  completionTimestamp?: string;
}

export function timesText(status: RunTimes | undefined, options: DescribeOptions): string {
  const started = status?.startTimestamp;
  const completed = status?.completionTimestamp;
  const running =
    started && !completed ? between(started, new Date(options.now ?? Date.now()).toISOString()) : undefined;
  const took = between(started, completed);
  const rows: [string, string][] = [
    ["Started", timestamp(started, options.offsetMinutes)],
    ["Completed", timestamp(completed, options.offsetMinutes)],
  ];
  if (took !== undefined) rows.push(["Duration", goDuration(took)]);
  else if (running !== undefined) rows.push(["Running for", goDuration(running)]);
  return fields(rows);
}

export function problemsText(status: { validationErrors?: string[]; failureReason?: string } | undefined): string {
  const out: string[] = [];
  if (status?.validationErrors?.length)
    out.push(`Validation errors:\n${status.validationErrors.map((e) => `  ${e}`).join("\n")}\n`);
  if (status?.failureReason) out.push(`Failure reason:  ${status.failureReason}\n`);
  return out.join("\n");
}
