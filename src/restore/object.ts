/**
 * Small accessors for Kubernetes objects held as plain JSON (`Record<string, unknown>`), the
 * form the restore engine reads from the tarball and sends to the API server. They never
 * throw on a missing or mistyped field: they answer undefined, so fix-ups stay short.
 */

export type KubeObject = Record<string, unknown>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The record at `obj[key]`, or undefined. */
export function child(obj: unknown, key: string): Record<string, unknown> | undefined {
  if (!isRecord(obj)) return undefined;
  const value = obj[key];
  return isRecord(value) ? value : undefined;
}

/** The record at a path of keys, or undefined. */
export function at(obj: unknown, ...path: string[]): Record<string, unknown> | undefined {
  let current: unknown = obj;
  for (const key of path) current = child(current, key);
  return isRecord(current) ? current : undefined;
}

/** The array at `obj[key]`, or an empty array. */
export function list(obj: unknown, key: string): unknown[] {
  if (!isRecord(obj)) return [];
  const value = obj[key];
  return Array.isArray(value) ? value : [];
}

/** The string at `obj[key]`, or undefined. */
export function str(obj: unknown, key: string): string | undefined {
  if (!isRecord(obj)) return undefined;
  const value = obj[key];
  return typeof value === "string" ? value : undefined;
}

export function metadata(obj: KubeObject): Record<string, unknown> {
  return child(obj, "metadata") ?? {};
}

export function nameOf(obj: KubeObject): string {
  return str(metadata(obj), "name") ?? "";
}

/** The string map at metadata.labels or metadata.annotations (non-string values dropped). */
export function stringMap(obj: KubeObject, key: "labels" | "annotations"): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(child(metadata(obj), key) ?? {})) if (typeof v === "string") out[k] = v;
  return out;
}

/** Sets metadata.labels / metadata.annotations, removing the field when the map is empty. */
export function setStringMap(obj: KubeObject, key: "labels" | "annotations", map: Record<string, string>): void {
  const meta = metadata(obj);
  if (Object.keys(map).length === 0) delete meta[key];
  else meta[key] = map;
  obj.metadata = meta;
}

/** A deep copy of plain JSON. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
