/**
 * The resource filters of one backup or restore run, as the engines take them: Velero's
 * namespace, resource, cluster-scope and label filters, with absent lists made [] (which means
 * all for the included ones). `runFiltersOf` fills them from a Backup's or Restore's spec.
 */
import type { LabelSelector } from "./label-selector.ts";

export interface RunFilters {
  /** [] or ["*"] = all; names or globs (`*`, `?`, `[abc]`). */
  includedNamespaces: string[];
  excludedNamespaces: string[];
  /** [] or ["*"] = all; names as kubectl takes them ("pods", "deploy", "deployments.apps"). */
  includedResources: string[];
  excludedResources: string[];
  /** undefined = Velero's "auto": only relatives of included items, or all when every namespace is covered. */
  includeClusterResources?: boolean;
  labelSelector?: LabelSelector;
  /** Items matching any of these (each is a separate LIST; results de-duplicated). */
  orLabelSelectors?: LabelSelector[];
}

/** The filter fields of a Backup's or Restore's spec, every one optional. */
export type FilterSpec = Partial<RunFilters>;

export function runFiltersOf(spec: FilterSpec): RunFilters {
  return {
    includedNamespaces: spec.includedNamespaces ?? [],
    excludedNamespaces: spec.excludedNamespaces ?? [],
    includedResources: spec.includedResources ?? [],
    excludedResources: spec.excludedResources ?? [],
    ...(spec.includeClusterResources === undefined ? {} : { includeClusterResources: spec.includeClusterResources }),
    ...(spec.labelSelector ? { labelSelector: spec.labelSelector } : {}),
    ...(spec.orLabelSelectors ? { orLabelSelectors: spec.orLabelSelectors } : {}),
  };
}
