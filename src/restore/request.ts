/**
 * Checks a RestoreRequest before anything is read or created, so a bad request fails at once
 * with every problem named (field and fix) instead of half-way through a restore.
 */
import { validateLabelSelector } from "../filters/label-selector.ts";
import { validateNamespaceFilter } from "../filters/namespace-filter.ts";
import { RestoreError } from "./errors.ts";
import type { RestoreRequest } from "./types.ts";

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function mappingProblems(mapping: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [source, target] of Object.entries(mapping)) {
    if (!dnsLabel.test(source) || source.length > 63)
      problems.push(`namespaceMapping: source "${source}" is not a valid namespace name`);
    if (typeof target !== "string" || !dnsLabel.test(target) || target.length > 63)
      problems.push(
        `namespaceMapping["${source}"]: "${String(target)}" is not a valid namespace name (lowercase letters, digits and "-", at most 63)`,
      );
  }
  return problems;
}

/** Every problem with the request, one message each (empty when it is valid). */
export function requestProblems(request: RestoreRequest, concurrency: number): string[] {
  const problems = validateNamespaceFilter(request.includedNamespaces ?? [], request.excludedNamespaces ?? []);
  if (request.labelSelector && (request.orLabelSelectors ?? []).length > 0)
    problems.push("labelSelector and orLabelSelectors are both set; use one of them");
  if (request.labelSelector) problems.push(...validateLabelSelector(request.labelSelector));
  (request.orLabelSelectors ?? []).forEach((s, i) =>
    problems.push(...validateLabelSelector(s, `orLabelSelectors[${i}]`)),
  );
  problems.push(...mappingProblems(request.namespaceMapping ?? {}));
  if (request.existingResourcePolicy !== "none" && request.existingResourcePolicy !== "update")
    problems.push(`existingResourcePolicy: "${String(request.existingResourcePolicy)}" must be "none" or "update"`);
  if (!request.name) problems.push("name: the restore needs a name (it labels every restored object)");
  if (!request.backupName) problems.push("backupName: the restore needs the backup's name");
  if (!Number.isInteger(concurrency) || concurrency < 1)
    problems.push(`concurrency: ${concurrency} is not a positive integer`);
  return problems;
}

/** Throws RestoreError("InvalidRequest") listing every problem. */
export function validateRequest(request: RestoreRequest, concurrency: number): void {
  const problems = requestProblems(request, concurrency);
  if (problems.length > 0) throw new RestoreError("InvalidRequest", `invalid restore request: ${problems.join("; ")}`);
}
