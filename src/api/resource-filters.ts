/**
 * The filter fields Backup, Restore and a Schedule's template share, with Velero's names and
 * meaning: namespace globs, resource names, cluster-scoped resources, and a label selector or a
 * list of OR-ed selectors (never both: `selectorRule`).
 */
import { labelSelectorSchema } from "./label-selector.ts";
import { s, type CelRule } from "./schema.ts";

const names = (description: string) => s.array(s.string({ minLength: 1 }), { description });

export const resourceFilterFields = {
  includedNamespaces: names('Namespaces to include; globs with *, ? and [abc]. Absent or ["*"] means all.'),
  excludedNamespaces: names("Namespaces to leave out; globs with *, ? and [abc]."),
  includedResources: names('Resources to include, e.g. "deployments", "deployments.apps". Absent or ["*"] means all.'),
  excludedResources: names('Resources to leave out, e.g. "events", "secrets".'),
  includeClusterResources: s.boolean({
    description:
      "true: include cluster-scoped resources; false: none; absent: only those related to included namespaced objects.",
  }),
  labelSelector: { ...labelSelectorSchema, description: "Only objects whose labels match this selector." },
  orLabelSelectors: s.array(labelSelectorSchema, {
    description: "Only objects whose labels match at least one of these selectors.",
  }),
};

export const selectorRule: CelRule = {
  rule: "!(has(self.labelSelector) && has(self.orLabelSelectors))",
  message: "labelSelector and orLabelSelectors cannot both be set: use labelSelector, or put it into orLabelSelectors",
};
