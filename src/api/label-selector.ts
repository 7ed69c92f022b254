/**
 * The Kubernetes LabelSelector (matchLabels + matchExpressions) as a schema, shared by Backup,
 * Restore and Schedule filters. Same shape as metav1.LabelSelector, so a selector copied from a
 * Deployment works here unchanged.
 */
import { s, type Infer } from "./schema.ts";

export const selectorOperators = ["In", "NotIn", "Exists", "DoesNotExist"] as const;
export type SelectorOperator = (typeof selectorOperators)[number];

export const labelSelectorRequirementSchema = s.object(
  {
    key: s.string({ minLength: 1 }),
    operator: s.string({ enum: selectorOperators }),
    values: s.array(s.string()),
  },
  { required: ["key", "operator"] },
);
export type LabelSelectorRequirement = Infer<typeof labelSelectorRequirementSchema>;

export const labelSelectorSchema = s.object({
  matchLabels: s.map(s.string()),
  matchExpressions: s.array(labelSelectorRequirementSchema),
});
export type LabelSelector = Infer<typeof labelSelectorSchema>;
