/**
 * Kubernetes label selectors (metav1.LabelSelector): `toQuery` turns one into the string the API
 * takes in `?labelSelector=` ("app=web,tier in (a,b),!legacy"), and `matches` evaluates it
 * in memory with the API server's semantics (all requirements must hold; an empty selector
 * matches everything; NotIn and DoesNotExist hold when the label is absent).
 */
import { FilterError } from "./errors.ts";

export type LabelSelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

export interface LabelSelectorRequirement {
  key: string;
  operator: LabelSelectorOperator;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

const operators: readonly string[] = ["In", "NotIn", "Exists", "DoesNotExist"];
// A qualified key ([prefix/]name) or a value: what the API server accepts, loosely.
const keyPattern = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const valuePattern = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Problems with a selector, one message per problem, each naming `field` (empty when valid). */
export function validateLabelSelector(selector: LabelSelector, field = "labelSelector"): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!keyPattern.test(key)) problems.push(`${field}.matchLabels: "${key}" is not a valid label key`);
    if (typeof value !== "string" || !valuePattern.test(value))
      problems.push(`${field}.matchLabels["${key}"]: "${String(value)}" is not a valid label value`);
  }
  (selector.matchExpressions ?? []).forEach((req, i) => {
    const where = `${field}.matchExpressions[${i}]`;
    if (!keyPattern.test(req.key ?? "")) problems.push(`${where}.key: "${req.key}" is not a valid label key`);
    if (!operators.includes(req.operator))
      problems.push(`${where}.operator: "${req.operator}" must be one of ${operators.join(", ")}`);
    const values = req.values ?? [];
    if ((req.operator === "In" || req.operator === "NotIn") && values.length === 0)
      problems.push(`${where}.values: operator ${req.operator} needs at least one value`);
    if ((req.operator === "Exists" || req.operator === "DoesNotExist") && values.length > 0)
      problems.push(`${where}.values: operator ${req.operator} takes no values; remove them`);
    for (const v of values)
      if (!valuePattern.test(v)) problems.push(`${where}.values: "${v}" is not a valid label value`);
  });
  return problems;
}

/** The `?labelSelector=` form; "" for an empty selector. Throws FilterError when invalid. */
export function toQuery(selector: LabelSelector | undefined): string {
  if (!selector) return "";
  const problems = validateLabelSelector(selector);
  if (problems.length > 0) throw new FilterError("InvalidSelector", problems.join("; "));
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const req of selector.matchExpressions ?? []) {
    const values = [...(req.values ?? [])].sort().join(",");
    if (req.operator === "In") parts.push(`${req.key} in (${values})`);
    else if (req.operator === "NotIn") parts.push(`${req.key} notin (${values})`);
    else if (req.operator === "Exists") parts.push(req.key);
    else parts.push(`!${req.key}`);
  }
  return parts.join(",");
}

function holds(req: LabelSelectorRequirement, labels: Record<string, string>): boolean {
  const present = Object.hasOwn(labels, req.key);
  const value = labels[req.key];
  switch (req.operator) {
    case "In":
      return present && (req.values ?? []).includes(value as string);
    case "NotIn":
      return !present || !(req.values ?? []).includes(value as string);
    case "Exists":
      return present;
    case "DoesNotExist":
      return !present;
    default:
      return false;
  }
}

/** Whether an object with `labels` is selected by `selector` (undefined selects everything). */
export function matches(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return true;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (l[k] !== v) return false;
  return (selector.matchExpressions ?? []).every((req) => holds(req, l));
}

/** Whether the selector selects everything (no labels, no expressions). */
export function isEmptySelector(selector: LabelSelector | undefined): boolean {
  return (
    !selector ||
    (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)
  );
}
