/**
 * Parsers for the values of the CLI's flags, spelled the way Velero's flags are: comma lists,
 * `k=v,k2=v2` maps, Go-style booleans and durations, `src:dst` namespace mappings and kubectl
 * label selectors. Every parser throws a UsageError of one line that names the flag, says what
 * was wrong and shows an example, so a bad value stops the command before anything is created.
 */
import { DurationError, formatDuration, parseDuration } from "../api/duration.ts";
import { UsageError } from "./output.ts";
import {
  labelKeyProblem,
  labelValueProblem,
  parseLabelSelector,
  parseOrSelectors,
  SelectorError,
  type LabelSelector,
} from "./label-selector.ts";

/** `a,b , c` → ["a","b","c"]; empty entries are an error (`a,,b` is most likely a typo). */
export function parseList(flag: string, value: string, example = "a,b"): string[] {
  const items = value.split(",").map((s) => s.trim());
  if (items.some((s) => s === ""))
    throw new UsageError(
      `${flag}: "${value}" has an empty entry; give a comma-separated list, e.g. ${flag} ${example}`,
    );
  return items;
}

/** `k=v,k2=v2` → {k: v, k2: v2}; keys must be unique. */
export function parseKeyValues(flag: string, value: string, example = "key=value,key2=value2"): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of value.split(",")) {
    const eq = pair.indexOf("=");
    const key = eq > 0 ? pair.slice(0, eq).trim() : "";
    if (key === "") throw new UsageError(`${flag}: "${pair}" is not key=value; e.g. ${flag} ${example}`);
    if (key in map) throw new UsageError(`${flag}: "${key}" is given twice; e.g. ${flag} ${example}`);
    map[key] = pair.slice(eq + 1).trim();
  }
  return map;
}

/** Labels to put on an object: key=value pairs with valid Kubernetes label keys and values. */
export function parseLabels(flag: string, value: string): Record<string, string> {
  const labels = parseKeyValues(flag, value, "team=db,env=prod");
  for (const [k, v] of Object.entries(labels)) {
    const problem = labelKeyProblem(k) ?? labelValueProblem(v);
    if (problem) throw new UsageError(`${flag}: ${problem}; e.g. ${flag} team=db`);
  }
  return labels;
}

const truthy = new Set(["true", "t", "1", "yes"]);
const falsy = new Set(["false", "f", "0", "no"]);

/** Go's strconv.ParseBool spellings (any case) plus yes/no. */
export function parseBool(flag: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (truthy.has(v)) return true;
  if (falsy.has(v)) return false;
  throw new UsageError(`${flag}: "${value}" is not true or false; write ${flag}=true or ${flag}=false`);
}

/** For an optional-value boolean flag: a bare `--flag` (commander passes true) means true. */
export function parseOptionalBool(flag: string, value: string | boolean | undefined): boolean | undefined {
  if (value === undefined || typeof value === "boolean") return value;
  return parseBool(flag, value);
}

export function parseChoice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag}: "${value}" is not one of ${choices.join(", ")}; e.g. ${flag} ${choices[0]}`);
}

/** A Go duration ("24h", "1h30m", "90s", "0"), returned the way Go prints it ("24h0m0s"). */
export function parseDurationFlag(flag: string, value: string, example = "24h0m0s"): string {
  let ms: number;
  try {
    ms = parseDuration(value);
  } catch (err) {
    if (!(err instanceof DurationError)) throw err;
    throw new UsageError(
      `${flag}: "${value}" is not a duration; write a number and a unit (h, m, s), e.g. ${flag} ${example}`,
    );
  }
  if (ms < 0) throw new UsageError(`${flag}: "${value}" is negative; e.g. ${flag} ${example}`);
  return formatDuration(ms);
}

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `name` is not a valid namespace (DNS-1123 label) name, or undefined. */
export function namespaceNameProblem(name: string): string | undefined {
  if (name.length <= 63 && dns1123Label.test(name)) return undefined;
  return `"${name}" is not a valid namespace name (lowercase letters, digits and '-', at most 63)`;
}

/** `src1:dst1,src2:dst2` → {src1: dst1, src2: dst2}; each source once, no two onto one target. */
export function parseNamespaceMappings(flag: string, value: string): Record<string, string> {
  const example = `${flag} prod:prod-copy,db:db-copy`;
  const map: Record<string, string> = {};
  const targets = new Set<string>();
  for (const pair of value.split(",")) {
    const parts = pair.trim().split(":");
    const [src, dst] = parts;
    if (parts.length !== 2 || !src || !dst)
      throw new UsageError(`${flag}: "${pair}" is not source:target; e.g. ${example}`);
    const problem = namespaceNameProblem(src) ?? namespaceNameProblem(dst);
    if (problem) throw new UsageError(`${flag}: ${problem}; e.g. ${example}`);
    if (src in map) throw new UsageError(`${flag}: "${src}" is mapped twice; e.g. ${example}`);
    if (targets.has(dst)) throw new UsageError(`${flag}: two namespaces map onto "${dst}"; e.g. ${example}`);
    map[src] = dst;
    targets.add(dst);
  }
  return map;
}

/** A Secret key reference `name=key` (Velero's --credential). */
export function parseSecretKey(flag: string, value: string): { name: string; key: string } {
  const map = parseKeyValues(flag, value, "cloud-credentials=cloud");
  const entries = Object.entries(map);
  const [entry] = entries;
  if (entries.length !== 1 || !entry || !entry[1])
    throw new UsageError(`${flag}: "${value}" must be one secret-name=key pair; e.g. ${flag} cloud-credentials=cloud`);
  return { name: entry[0], key: entry[1] };
}

export function parseSelectorFlag(flag: string, value: string): LabelSelector | undefined {
  try {
    return parseLabelSelector(value);
  } catch (err) {
    if (!(err instanceof SelectorError)) throw err;
    throw new UsageError(`${flag}: ${err.message}; e.g. ${flag} "app=web,tier in (front,back)"`);
  }
}

export function parseOrSelectorFlag(flag: string, value: string): LabelSelector[] {
  try {
    return parseOrSelectors(value);
  } catch (err) {
    if (!(err instanceof SelectorError)) throw err;
    throw new UsageError(`${flag}: ${err.message}; e.g. ${flag} "app=web or app=db"`);
  }
}
