/**
 * Warnings and errors of one backup or restore run, grouped as Velero groups them so users
 * and tools read the same shape: `lifeboat` (not tied to a namespace), `cluster` (cluster-scoped
 * items) and `namespaces` (per namespace). Stored as `{errors, warnings}` in the run's
 * `-results.gz` object; the Backup/Restore status carries only the counts.
 */

export interface Result {
  lifeboat: string[];
  cluster: string[];
  namespaces: Record<string, string[]>;
}

export interface RunResults {
  errors: Result;
  warnings: Result;
}

/** Where a message belongs: a namespace, a cluster-scoped item, or the run as a whole. */
export type Scope = { namespace: string } | "cluster" | "lifeboat";

export function emptyResult(): Result {
  return { lifeboat: [], cluster: [], namespaces: {} };
}

export function countOf(result: Result): number {
  let n = result.lifeboat.length + result.cluster.length;
  for (const messages of Object.values(result.namespaces)) n += messages.length;
  return n;
}

function add(result: Result, scope: Scope, message: string): void {
  if (scope === "lifeboat") result.lifeboat.push(message);
  else if (scope === "cluster") result.cluster.push(message);
  else (result.namespaces[scope.namespace] ??= []).push(message);
}

export class ResultsCollector {
  readonly #errors = emptyResult();
  readonly #warnings = emptyResult();

  error(scope: Scope, message: string): void {
    add(this.#errors, scope, message);
  }

  warning(scope: Scope, message: string): void {
    add(this.#warnings, scope, message);
  }

  get errorCount(): number {
    return countOf(this.#errors);
  }

  get warningCount(): number {
    return countOf(this.#warnings);
  }

  /** A copy, safe to serialize while the run goes on. */
  snapshot(): RunResults {
    return structuredClone({ errors: this.#errors, warnings: this.#warnings });
  }
}
