/**
 * Which resources a backup or restore covers. Users write resource names the way kubectl takes
 * them ("pods", "po", "Deployment", "deployments.apps", a CRD's plural); each is resolved through
 * the ResourceCatalog to a groupResource ("pods", "deployments.apps") and the filter works on
 * those. An empty include list or `*` means every resource; excludes win. A name the cluster
 * does not serve is never silently ignored: it is reported in `problems` (with the list it came
 * from) so the engine can record it in the run's results.
 */

/** What the filter needs from a catalog: ResourceCatalog satisfies it. */
export interface ResourceResolver {
  resolve(userName: string): string | undefined;
}

export interface ResourceFilterProblem {
  field: "includedResources" | "excludedResources";
  name: string;
  message: string;
}

export class ResourceFilter {
  readonly problems: readonly ResourceFilterProblem[];
  readonly #include: ReadonlySet<string> | undefined;
  readonly #exclude: ReadonlySet<string>;
  readonly #excludeAll: boolean;

  constructor(resolver: ResourceResolver, included: readonly string[] = [], excluded: readonly string[] = []) {
    const problems: ResourceFilterProblem[] = [];
    const resolveAll = (field: ResourceFilterProblem["field"], names: readonly string[]): Set<string> => {
      const out = new Set<string>();
      for (const name of names) {
        if (name === "*") continue;
        const gr = resolver.resolve(name);
        if (gr) out.add(gr);
        else
          problems.push({
            field,
            name,
            message: `${field}: "${name}" is not a resource this cluster serves (see "kubectl api-resources" for the names; a custom resource needs its CRD installed)`,
          });
      }
      return out;
    };
    this.#include =
      included.length === 0 || included.includes("*") ? undefined : resolveAll("includedResources", included);
    this.#exclude = resolveAll("excludedResources", excluded);
    this.#excludeAll = excluded.includes("*");
    this.problems = problems;
  }

  /** Every resource, none excluded. */
  get includesEverything(): boolean {
    return this.#include === undefined && this.#exclude.size === 0 && !this.#excludeAll;
  }

  /** Whether the include list names `groupResource` itself (not through "*" or an empty list). */
  includesExplicitly(groupResource: string): boolean {
    return this.#include?.has(groupResource) === true;
  }

  matches(groupResource: string): boolean {
    if (this.#excludeAll || this.#exclude.has(groupResource)) return false;
    return this.#include === undefined || this.#include.has(groupResource);
  }
}
