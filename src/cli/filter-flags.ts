/**
 * The filter flags `backup create` and `restore create` share (Velero's names): namespaces,
 * resources, cluster-scoped resources, a label selector or OR-ed selectors, and labels for the
 * new object. `addFilterOptions` declares them; `filterSpec` turns their raw values into the
 * spec fields, failing with a one-line UsageError for the first bad value.
 */
import type { Command } from "commander";
import type { LabelSelector } from "../api/label-selector.ts";
import { parseLabels, parseList, parseOptionalBool, parseOrSelectorFlag, parseSelectorFlag } from "./flags.ts";
import { UsageError } from "./output.ts";

export interface FilterFlags {
  includeNamespaces?: string;
  excludeNamespaces?: string;
  includeResources?: string;
  excludeResources?: string;
  includeClusterResources?: string | boolean;
  selector?: string;
  orSelector?: string;
  labels?: string;
}

export interface FilterFields {
  includedNamespaces?: string[];
  excludedNamespaces?: string[];
  includedResources?: string[];
  excludedResources?: string[];
  includeClusterResources?: boolean;
  labelSelector?: LabelSelector;
  orLabelSelectors?: LabelSelector[];
}

export function addFilterOptions(command: Command, what: "backup" | "restore"): Command {
  const verb = what === "backup" ? "back up" : "restore";
  return command
    .option("--include-namespaces <list>", `namespaces to ${verb}, comma-separated globs (default: all)`)
    .option("--exclude-namespaces <list>", `namespaces to leave out, comma-separated globs`)
    .option("--include-resources <list>", `resources to ${verb}, e.g. deployments,configmaps (default: all)`)
    .option("--exclude-resources <list>", "resources to leave out, e.g. events,secrets")
    .option(
      "--include-cluster-resources [bool]",
      "include cluster-scoped resources (=true|=false; default: only those related to included namespaced objects)",
    )
    .option("-l, --selector <selector>", 'only objects matching this label selector, e.g. "app=web,tier in (a,b)"')
    .option("--or-selector <selectors>", 'only objects matching one of these selectors, e.g. "app=a or app=b"')
    .option("--labels <pairs>", `labels to put on the ${what} object, e.g. team=db,env=prod`);
}

function list(flag: string, value: string | undefined, example: string): string[] | undefined {
  return value === undefined ? undefined : parseList(flag, value, example);
}

/** The spec's filter fields from the flags; fields whose flag was not given stay absent. */
export function filterSpec(flags: FilterFlags): FilterFields {
  if (flags.selector !== undefined && flags.orSelector !== undefined)
    throw new UsageError(
      '--or-selector: cannot be combined with --selector; put every alternative into --or-selector, e.g. --or-selector "app=a or app=b"',
    );
  const fields: FilterFields = {
    includedNamespaces: list("--include-namespaces", flags.includeNamespaces, "shop,db-*"),
    excludedNamespaces: list("--exclude-namespaces", flags.excludeNamespaces, "kube-system,test-*"),
    includedResources: list("--include-resources", flags.includeResources, "deployments,configmaps"),
    excludedResources: list("--exclude-resources", flags.excludeResources, "events,secrets"),
    includeClusterResources: parseOptionalBool("--include-cluster-resources", flags.includeClusterResources),
    labelSelector: flags.selector === undefined ? undefined : parseSelectorFlag("--selector", flags.selector),
    orLabelSelectors:
      flags.orSelector === undefined ? undefined : parseOrSelectorFlag("--or-selector", flags.orSelector),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

export function labelsFrom(flags: FilterFlags): Record<string, string> | undefined {
  return flags.labels === undefined ? undefined : parseLabels("--labels", flags.labels);
}
