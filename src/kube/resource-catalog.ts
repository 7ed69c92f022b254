/**
 * The API resources a cluster serves, as discovery found them (one entry per resource at its
 * group's preferred version), with the lookups the engines need: by groupResource
 * ("pods", "deployments.apps"), by apiVersion + kind, and `resolve`, which maps what a user types
 * the way kubectl does ("po", "Pod", "deploy", "deployments.apps", a CRD's plural or kind) to a
 * groupResource. Ambiguous names go to the core group first, then to groups in discovery order
 * (the API server lists groups by priority), as kubectl's RESTMapper does.
 */

export interface DiscoveredResource {
  /** "" for the core group. */
  group: string;
  version: string;
  /** The plural name, as in the URL. */
  resource: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  singular: string;
  /** "pods", "deployments.apps": Velero's GroupResource.String(), used in tar paths and filters. */
  groupResource: string;
  /** "v1", "apps/v1": the apiVersion of this resource's objects. */
  groupVersion: string;
}

/** A group whose discovery failed or is stale; its resources are not in the catalog. */
export interface FailedGroup {
  group: string;
  message: string;
}

export function groupResourceOf(group: string, resource: string): string {
  return group === "" ? resource : `${resource}.${group}`;
}

export function groupVersionOf(group: string, version: string): string {
  return group === "" ? version : `${group}/${version}`;
}

function namesOf(r: DiscoveredResource): string[] {
  return [r.resource, r.singular, r.kind.toLowerCase(), ...r.shortNames.map((s) => s.toLowerCase())].filter(
    (n) => n !== "",
  );
}

export class ResourceCatalog {
  readonly failedGroups: readonly FailedGroup[];
  readonly #all: readonly DiscoveredResource[];
  readonly #byGroupResource = new Map<string, DiscoveredResource>();
  readonly #byGvk = new Map<string, DiscoveredResource>();

  /** `resources` in discovery order (core group first). */
  constructor(resources: readonly DiscoveredResource[], failedGroups: readonly FailedGroup[] = []) {
    const coreFirst = [...resources.filter((r) => r.group === ""), ...resources.filter((r) => r.group !== "")];
    this.#all = coreFirst;
    this.failedGroups = failedGroups;
    for (const r of coreFirst) {
      if (!this.#byGroupResource.has(r.groupResource)) this.#byGroupResource.set(r.groupResource, r);
      const gvk = `${r.groupVersion}/${r.kind}`;
      if (!this.#byGvk.has(gvk)) this.#byGvk.set(gvk, r);
    }
  }

  all(): DiscoveredResource[] {
    return [...this.#all];
  }

  byGroupResource(groupResource: string): DiscoveredResource | undefined {
    return this.#byGroupResource.get(groupResource);
  }

  /** The resource whose objects carry this apiVersion and kind ("apps/v1", "Deployment"). */
  byApiVersionKind(apiVersion: string, kind: string): DiscoveredResource | undefined {
    const exact = this.#byGvk.get(`${apiVersion}/${kind}`);
    if (exact) return exact;
    // Another version of the same group (an object stored at a non-preferred version).
    const slash = apiVersion.lastIndexOf("/");
    const group = slash < 0 ? "" : apiVersion.slice(0, slash);
    return this.#all.find((r) => r.group === group && r.kind === kind);
  }

  /**
   * The groupResource a user means by `userName` ("pods", "pod", "po", "Pod", "deploy",
   * "deployments.apps", "Deployment.apps", "crontabs.stable.example.com"), or undefined.
   */
  resolve(userName: string): string | undefined {
    const name = userName.trim().toLowerCase();
    if (name === "") return undefined;
    if (this.#byGroupResource.has(name)) return name;
    const match = this.#all.find((r) => namesOf(r).includes(name));
    if (match) return match.groupResource;
    // "<name>.<group>" where name is a singular, kind or short name, or "<name>.<version>.<group>".
    for (let dot = name.indexOf("."); dot > 0; dot = name.indexOf(".", dot + 1)) {
      const head = name.slice(0, dot);
      const group = name.slice(dot + 1);
      const inGroup = this.#all.find(
        (r) => (r.group === group || `${r.version}.${r.group}` === group) && namesOf(r).includes(head),
      );
      if (inGroup) return inGroup.groupResource;
    }
    return undefined;
  }
}
