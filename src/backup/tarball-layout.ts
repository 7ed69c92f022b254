/**
 * The one place that spells paths inside a backup tarball, in Velero's layout (format 1.1.0):
 *
 *   metadata/version                                               "1.1.0\n"
 *   resources/<groupResource>/namespaces/<ns>/<name>.json          namespaced item
 *   resources/<groupResource>/cluster/<name>.json                  cluster-scoped item
 *   resources/<groupResource>/<version>-preferredversion/…         the same item again
 *
 * Each item is written twice, once without and once under its preferred version, as Velero
 * does, so Velero and older readers find it where they look. `parseItemPath` reads a path back.
 */

export const formatVersion = "1.1.0";
export const versionPath = "metadata/version";
export const versionFileContent = `${formatVersion}\n`;
export const resourcesDir = "resources";
const preferredSuffix = "-preferredversion";

export interface ItemLocation {
  /** "pods", "deployments.apps". */
  groupResource: string;
  /** Absent for cluster-scoped items. */
  namespace?: string;
  name: string;
  /** The version of a `<version>-preferredversion/` copy; absent for the legacy path. */
  preferredVersion?: string;
}

function scopePart(namespace: string | undefined, name: string): string {
  return namespace ? `namespaces/${namespace}/${name}.json` : `cluster/${name}.json`;
}

/** `resources/<gr>/namespaces/<ns>/<name>.json` or `resources/<gr>/cluster/<name>.json`. */
export function itemPath(groupResource: string, namespace: string | undefined, name: string): string {
  return `${resourcesDir}/${groupResource}/${scopePart(namespace, name)}`;
}

/** The same under `<version>-preferredversion/`. */
export function preferredVersionItemPath(
  groupResource: string,
  version: string,
  namespace: string | undefined,
  name: string,
): string {
  return `${resourcesDir}/${groupResource}/${version}${preferredSuffix}/${scopePart(namespace, name)}`;
}

/** Both paths an item is written to, legacy first. */
export function itemPaths(
  groupResource: string,
  version: string,
  namespace: string | undefined,
  name: string,
): [string, string] {
  return [itemPath(groupResource, namespace, name), preferredVersionItemPath(groupResource, version, namespace, name)];
}

function parseScope(parts: string[]): { namespace?: string; name: string } | undefined {
  const file = parts.at(-1) ?? "";
  if (!file.endsWith(".json") || file === ".json") return undefined;
  const name = file.slice(0, -".json".length);
  if (parts.length === 2 && parts[0] === "cluster") return { name };
  if (parts.length === 3 && parts[0] === "namespaces" && parts[1]) return { namespace: parts[1], name };
  return undefined;
}

/**
 * The item a tar path holds, or undefined for anything else (metadata/version, directories,
 * non-preferred version copies `<gr>/<version>/…`).
 */
export function parseItemPath(path: string): ItemLocation | undefined {
  const parts = path.replace(/^\.\//, "").split("/");
  if (parts[0] !== resourcesDir || parts.length < 4) return undefined;
  const groupResource = parts[1] ?? "";
  if (groupResource === "") return undefined;
  const rest = parts.slice(2);
  const first = rest[0] ?? "";
  if (first.endsWith(preferredSuffix)) {
    const scope = parseScope(rest.slice(1));
    const preferredVersion = first.slice(0, -preferredSuffix.length);
    return scope && preferredVersion ? { groupResource, ...scope, preferredVersion } : undefined;
  }
  const scope = parseScope(rest);
  return scope ? { groupResource, ...scope } : undefined;
}
