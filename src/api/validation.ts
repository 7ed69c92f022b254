/**
 * Checks of Backup, Restore and BackupStorageLocation specs that a CRD schema cannot express:
 * globs that would not parse or can never match, filters that contradict each other, durations,
 * namespace mappings, and the storage location's provider-specific settings. Each function
 * returns a list of problems, each a full sentence that names the field, says what is wrong and
 * shows a right value; an empty list means the spec is valid. The CLI runs these before it
 * creates an object, and the controllers run them again (FailedValidation) for objects created
 * any other way.
 */
import { providers, type BackupStorageLocationSpec } from "./backup-storage-location.ts";
import type { BackupSpec } from "./backup.ts";
import { parseDurationNanos } from "./duration.ts";
import type { LabelSelector } from "./label-selector.ts";
import type { RestoreSpec } from "./restore.ts";
import { checksumAlgorithms } from "../storage/s3/s3-config.ts";

const q = (value: string): string => JSON.stringify(value);

interface NamespaceFilters {
  includedNamespaces?: string[];
  excludedNamespaces?: string[];
}

interface ResourceFilters {
  includedResources?: string[];
  excludedResources?: string[];
}

interface SelectorFilters {
  labelSelector?: LabelSelector;
  orLabelSelectors?: LabelSelector[];
}

/** Why a namespace glob is malformed (`*`, `?`, `[abc]`, `[a-z]`, `[!abc]`), or undefined if it is fine. */
function globProblem(glob: string): string | undefined {
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] === "]") return `has a "]" without an opening "["`;
    if (glob[i] !== "[") continue;
    const close = glob.indexOf("]", i + 2);
    if (close < 0) return `has a "[" without a closing "]"`;
    const set = glob.slice(i + 1, close).replace(/^[!^]/, "");
    if (set === "") return `has an empty set "${glob.slice(i, close + 1)}"`;
    const backwards = [...set.matchAll(/(.)-(.)/g)].find(([, from = "", to = ""]) => from > to);
    if (backwards) return `has the backwards range "${backwards[0]}"`;
    i = close;
  }
  return undefined;
}

/** Namespace names are DNS-1123 labels; a pattern with other characters can never match one. */
const namespacePatternChars = /^[a-z0-9\-*?[\]!^]*$/;

function namespaceListProblems(field: string, list: readonly string[]): string[] {
  const problems: string[] = [];
  list.forEach((glob, i) => {
    const at = `${field}[${i}] ${q(glob)}`;
    const bad = globProblem(glob);
    if (bad) problems.push(`${at} ${bad}: write a name or a glob with *, ? and [abc], e.g. "prod-*" or "db-[ab]".`);
    else if (!namespacePatternChars.test(glob)) {
      problems.push(
        `${at} can never match a namespace: namespace names use only lowercase letters, digits and "-"; write e.g. ${q(glob.toLowerCase().replace(/[^a-z0-9\-*?[\]!^]/g, "-"))}.`,
      );
    }
  });
  return problems;
}

function namespaceFilterProblems(path: string, spec: NamespaceFilters): string[] {
  const included = spec.includedNamespaces ?? [];
  const excluded = spec.excludedNamespaces ?? [];
  const problems = [
    ...namespaceListProblems(`${path}.includedNamespaces`, included),
    ...namespaceListProblems(`${path}.excludedNamespaces`, excluded),
  ];
  excluded.forEach((name, i) => {
    const at = `${path}.excludedNamespaces[${i}]`;
    if (name === "*") {
      problems.push(
        `${at} is "*", which would exclude every namespace: list the namespaces to leave out, e.g. ["kube-system", "test-*"].`,
      );
    } else if (included.includes(name)) {
      problems.push(
        `${at} ${q(name)} is also in ${path}.includedNamespaces: a namespace cannot be both included and excluded; remove it from one of the two lists.`,
      );
    }
  });
  return problems;
}

function resourceFilterProblems(path: string, spec: ResourceFilters): string[] {
  const included = new Set((spec.includedResources ?? []).map((r) => r.toLowerCase()));
  const problems: string[] = [];
  (spec.excludedResources ?? []).forEach((name, i) => {
    const at = `${path}.excludedResources[${i}]`;
    if (name === "*") {
      problems.push(
        `${at} is "*", which would exclude every resource: list the resources to leave out, e.g. ["events", "secrets"].`,
      );
    } else if (included.has(name.toLowerCase())) {
      problems.push(
        `${at} ${q(name)} is also in ${path}.includedResources: a resource cannot be both included and excluded; remove it from one of the two lists.`,
      );
    }
  });
  return problems;
}

function selectorProblems(field: string, selector: LabelSelector): string[] {
  const problems: string[] = [];
  (selector.matchExpressions ?? []).forEach((expr, i) => {
    const at = `${field}.matchExpressions[${i}] (key ${q(expr.key)}, operator ${expr.operator})`;
    const values = expr.values ?? [];
    if ((expr.operator === "In" || expr.operator === "NotIn") && values.length === 0) {
      problems.push(`${at} has no values: ${expr.operator} needs at least one, e.g. values: ["db"].`);
    }
    if ((expr.operator === "Exists" || expr.operator === "DoesNotExist") && values.length > 0) {
      problems.push(`${at} has values, but ${expr.operator} takes none: remove values, or use operator In.`);
    }
  });
  return problems;
}

function selectorFilterProblems(path: string, spec: SelectorFilters): string[] {
  const problems: string[] = [];
  if (spec.labelSelector && spec.orLabelSelectors) {
    problems.push(
      `${path}.labelSelector and ${path}.orLabelSelectors are both set: use only one, e.g. orLabelSelectors: [{matchLabels: {app: "db"}}, {matchLabels: {app: "web"}}].`,
    );
  }
  if (spec.labelSelector) problems.push(...selectorProblems(`${path}.labelSelector`, spec.labelSelector));
  (spec.orLabelSelectors ?? []).forEach((sel, i) =>
    problems.push(...selectorProblems(`${path}.orLabelSelectors[${i}]`, sel)),
  );
  return problems;
}

function durationProblems(field: string, value: string | undefined, example: string): string[] {
  if (value === undefined) return [];
  try {
    if (parseDurationNanos(value) < 0n)
      return [`${field} ${q(value)} is negative: write a positive duration, e.g. ${q(example)}.`];
    return [];
  } catch {
    return [
      `${field} ${q(value)} is not a duration: write a number and a unit (h, m, s), e.g. ${q(example)} or "1h30m".`,
    ];
  }
}

/** Problems with a Backup spec (or a Schedule's template, with path "spec.template"). */
export function validateBackupSpec(spec: BackupSpec, path = "spec"): string[] {
  return [
    ...namespaceFilterProblems(path, spec),
    ...resourceFilterProblems(path, spec),
    ...selectorFilterProblems(path, spec),
    ...durationProblems(`${path}.ttl`, spec.ttl, "720h0m0s"),
  ];
}

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function namespaceNameProblem(what: string, name: string): string | undefined {
  if (dns1123Label.test(name) && name.length <= 63) return undefined;
  const example =
    name
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 63) || "shop-copy";
  return `${what} ${q(name)} is not a valid namespace name: use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit, e.g. ${q(example)}.`;
}

function namespaceMappingProblems(path: string, mapping: Record<string, string> | undefined): string[] {
  const problems: string[] = [];
  const sourcesByTarget = new Map<string, string[]>();
  for (const [source, target] of Object.entries(mapping ?? {})) {
    const sourceProblem = namespaceNameProblem(`${path}.namespaceMapping key`, source);
    const targetProblem = namespaceNameProblem(`${path}.namespaceMapping[${q(source)}]`, target);
    if (sourceProblem) problems.push(sourceProblem);
    if (targetProblem) problems.push(targetProblem);
    sourcesByTarget.set(target, [...(sourcesByTarget.get(target) ?? []), source]);
  }
  for (const [target, sources] of sourcesByTarget) {
    if (sources.length < 2) continue;
    const list = sources.map(q).join(" and ");
    problems.push(
      `${path}.namespaceMapping maps ${list} to the same namespace ${q(target)}: give each source its own target, e.g. ${sources.map((src) => `${q(src)}: ${q(`${src}-restored`)}`).join(", ")}.`,
    );
  }
  return problems;
}

function restoreSourceProblems(path: string, spec: RestoreSpec): string[] {
  if (!spec.backupName && !spec.scheduleName) {
    return [
      `${path}.backupName and ${path}.scheduleName are both empty: set one, e.g. backupName: "nightly-20250101030000".`,
    ];
  }
  if (spec.backupName && spec.scheduleName) {
    return [
      `${path}.backupName and ${path}.scheduleName are both set: set only one (scheduleName restores that schedule's latest backup).`,
    ];
  }
  return [];
}

/** Problems with a Restore spec. */
export function validateRestoreSpec(spec: RestoreSpec, path = "spec"): string[] {
  return [
    ...restoreSourceProblems(path, spec),
    ...namespaceFilterProblems(path, spec),
    ...resourceFilterProblems(path, spec),
    ...selectorFilterProblems(path, spec),
    ...namespaceMappingProblems(path, spec.namespaceMapping),
    ...(spec.restoreStatus ? resourceFilterProblems(`${path}.restoreStatus`, spec.restoreStatus) : []),
  ];
}

/** The config keys each provider reads (src/storage/s3/s3-config.ts for aws). */
export const knownConfigKeys = {
  aws: ["region", "s3Url", "publicUrl", "s3ForcePathStyle", "insecureSkipTLSVerify", "checksumAlgorithm"],
  filesystem: [],
} as const satisfies Record<BackupStorageLocationSpec["provider"], readonly string[]>;

function unknownKeyProblem(path: string, provider: BackupStorageLocationSpec["provider"], key: string): string {
  const known: readonly string[] = knownConfigKeys[provider];
  const near = known.find((k) => k.toLowerCase() === key.toLowerCase());
  if (near)
    return `${path}.config has the key ${q(key)}, which the ${provider} provider does not know: did you mean ${q(near)}?`;
  if (known.length === 0)
    return `${path}.config has the key ${q(key)}, but the ${provider} provider takes no config: remove it.`;
  return `${path}.config has the key ${q(key)}, which the ${provider} provider does not know: the known keys are ${known.join(", ")}; e.g. s3Url: "http://minio.lifeboat.svc:9000".`;
}

function awsConfigProblems(path: string, config: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const key of ["s3Url", "publicUrl"] as const) {
    const value = config[key];
    if (value !== undefined && !/^https?:\/\/[^/\s]+/.test(value)) {
      problems.push(
        `${path}.config.${key} ${q(value)} is not an http or https URL: write e.g. "http://minio.lifeboat.svc:9000".`,
      );
    }
  }
  for (const key of ["s3ForcePathStyle", "insecureSkipTLSVerify"] as const) {
    const value = config[key];
    if (value !== undefined && value !== "" && value !== "true" && value !== "false") {
      problems.push(`${path}.config.${key} ${q(value)} is not "true" or "false": write e.g. "true".`);
    }
  }
  const checksum = config["checksumAlgorithm"];
  if (checksum !== undefined && !(checksumAlgorithms as readonly string[]).includes(checksum)) {
    problems.push(
      `${path}.config.checksumAlgorithm ${q(checksum)} is not one of "" (none), ${checksumAlgorithms.slice(1).join(", ")}: write e.g. "CRC32".`,
    );
  }
  if (!config["s3Url"] && !config["region"]) {
    problems.push(
      `${path}.config.region is required for AWS S3: set e.g. region: "us-east-1", or set s3Url for another S3-compatible store.`,
    );
  }
  return problems;
}

function bucketProblems(path: string, spec: BackupStorageLocationSpec): string[] {
  const { bucket, prefix } = spec.objectStorage ?? { bucket: "" };
  const problems: string[] = [];
  if (spec.provider === "filesystem" && !bucket.startsWith("/")) {
    problems.push(
      `${path}.objectStorage.bucket ${q(bucket)} must be an absolute folder path for provider filesystem, e.g. "/var/lib/lifeboat/backups".`,
    );
  }
  if (spec.provider === "aws" && bucket.trim() === "") {
    problems.push(`${path}.objectStorage.bucket is empty: name the bucket, e.g. "lifeboat-backups".`);
  }
  if (prefix && (prefix.startsWith("/") || prefix.endsWith("/"))) {
    problems.push(
      `${path}.objectStorage.prefix ${q(prefix)} must not start or end with "/": write e.g. ${q(prefix.replace(/^\/+|\/+$/g, "") || "cluster-a")}.`,
    );
  }
  return problems;
}

/** Problems with a BackupStorageLocation spec. */
export function validateLocationSpec(spec: BackupStorageLocationSpec, path = "spec"): string[] {
  if (!(providers as readonly string[]).includes(spec.provider)) {
    return [
      `${path}.provider ${q(String(spec.provider))} is not supported: use "aws" (any S3-compatible store) or "filesystem".`,
    ];
  }
  const config = spec.config ?? {};
  const known: readonly string[] = knownConfigKeys[spec.provider];
  return [
    ...bucketProblems(path, spec),
    ...Object.keys(config)
      .filter((key) => !known.includes(key))
      .map((key) => unknownKeyProblem(path, spec.provider, key)),
    ...(spec.provider === "aws" ? awsConfigProblems(path, config) : []),
    ...durationProblems(`${path}.validationFrequency`, spec.validationFrequency, "1m0s"),
    ...durationProblems(`${path}.backupSyncPeriod`, spec.backupSyncPeriod, "1m0s"),
  ];
}
