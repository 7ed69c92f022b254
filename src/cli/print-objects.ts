/**
 * Printing what a `get` command found, kubectl's way: a table for people, or the objects as JSON
 * or YAML — the object itself when one name was asked for, a `<Kind>List` otherwise — and, when
 * nothing was found, a note on stderr so stdout stays empty for scripts. Names that do not exist
 * are reported on stderr (one line each) and make the command exit 1, after the ones that do are
 * printed.
 */
import { apiVersion } from "../api/group.ts";
import { KubeError } from "../kube/errors.ts";
import { printData, type OutputFormat } from "./output.ts";

export interface PrintObjectsOptions<T> {
  format: OutputFormat;
  items: T[];
  listKind: string;
  /** One name was asked for: print that object, not a list. */
  single: boolean;
  table: (items: T[]) => string;
  /** "No backups found."; printed only when no names were asked for (missing names are reported already). */
  none: string;
  named?: boolean;
}

/** The object without metadata.managedFields, which kubectl also hides by default. */
export function withoutManagedFields<T>(obj: T): T {
  const meta = (obj as { metadata?: Record<string, unknown> }).metadata;
  if (!meta?.["managedFields"]) return obj;
  const rest = { ...meta };
  delete rest["managedFields"];
  return { ...obj, metadata: rest };
}

export function printObjects<T>(options: PrintObjectsOptions<T>): void {
  const { format, items } = options;
  if (format === "table" && items.length === 0) {
    if (!options.named) process.stderr.write(`${options.none}\n`);
    return;
  }
  const clean = items.map(withoutManagedFields);
  const data = options.single && clean.length === 1 ? clean[0] : { apiVersion, kind: options.listKind, items: clean };
  printData(format, data, () => options.table(items));
}

/**
 * `describe -o json|yaml`: the objects without managedFields, the object itself when one name
 * was asked for, else an array; nothing at all when none was found.
 */
export function printDescribedObjects<T>(format: OutputFormat, objects: T[], single: boolean): void {
  const clean = objects.map(withoutManagedFields);
  if (clean.length === 0) return;
  printData(format, single ? clean[0] : clean, () => "");
}

/** Every object when no names are given; else those named, reporting the missing ones on stderr. */
export async function getNamedOrAll<T>(
  client: { get(name: string): Promise<T>; list(): Promise<T[]> },
  names: readonly string[],
  what: string,
): Promise<T[]> {
  if (names.length === 0) return client.list();
  const found: T[] = [];
  for (const name of names) {
    try {
      found.push(await client.get(name));
    } catch (err) {
      if (!KubeError.is(err, "NotFound")) throw err;
      process.stderr.write(`Error: ${what} "${name}" not found\n`);
      process.exitCode = 1;
    }
  }
  return found;
}

const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Why `name` cannot name a Kubernetes object, or undefined. */
export function objectNameProblem(name: string): string | undefined {
  if (name.length <= 253 && dnsSubdomain.test(name)) return undefined;
  return `"${name}" is not a valid name: use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit (e.g. nightly-db)`;
}
