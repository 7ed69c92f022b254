/**
 * The backup's resource list, Velero's `<b>-resource-list.json.gz`: which objects of which
 * kind the tarball holds, keyed by "<apiVersion>/<Kind>" ("v1/Pod", "apps/v1/Deployment") with
 * "namespace/name" (or "name" for cluster-scoped objects) entries, keys and entries sorted.
 */
export class ResourceListBuilder {
  readonly #byKind = new Map<string, string[]>();

  add(apiVersion: string, kind: string, namespace: string | undefined, name: string): void {
    const key = `${apiVersion}/${kind}`;
    let list = this.#byKind.get(key);
    if (!list) this.#byKind.set(key, (list = []));
    list.push(namespace ? `${namespace}/${name}` : name);
  }

  toJSON(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const key of [...this.#byKind.keys()].sort()) out[key] = [...(this.#byKind.get(key) ?? [])].sort();
    return out;
  }
}
