/**
 * The items of an extracted backup: which groupResources, namespaces and names it holds (small
 * enough to keep in memory for any backup), and where each item's JSON lies on disk (read one
 * at a time when it is restored, so a restore of 20k items never holds them all).
 *
 * Files are laid out like the tarball, `<dir>/<groupResource>/namespaces/<ns>/<name>.json` and
 * `<dir>/<groupResource>/cluster/<name>.json`, except that a name too long for a file name
 * (object names may have 253 characters, file names 255 bytes) is stored under its SHA-256.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { RestoreError } from "./errors.ts";
import { isRecord, type KubeObject } from "./object.ts";

/** The namespace key of cluster-scoped items. */
export const clusterScope = "";

export interface ItemRef {
  groupResource: string;
  /** Source namespace; "" for cluster-scoped items. */
  namespace: string;
  name: string;
}

const maxPlainFileName = 200;

function fileNameFor(name: string): string {
  if (Buffer.byteLength(name) <= maxPlainFileName) return `${name}.json`;
  return `${createHash("sha256").update(name).digest("hex")}.json`;
}

/** A path segment taken from the tarball that is safe to use as one directory or file name. */
export function isSafeSegment(segment: string): boolean {
  return segment !== "" && segment !== "." && segment !== ".." && !/[/\\\0]/.test(segment);
}

export class ItemIndex {
  readonly dir: string;
  readonly #items = new Map<string, Map<string, string[]>>();
  readonly #seen = new Set<string>();
  #count = 0;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** Total number of items. */
  get size(): number {
    return this.#count;
  }

  /** Where the item's JSON is (or goes). Throws BadTarball for unsafe segments. */
  fileOf(ref: ItemRef): string {
    const segments = [ref.groupResource, ...(ref.namespace ? [ref.namespace] : []), ref.name];
    const unsafe = segments.find((s) => !isSafeSegment(s));
    if (unsafe !== undefined) throw new RestoreError("BadTarball", `tarball holds an unsafe path segment "${unsafe}"`);
    const scope = ref.namespace ? path.join("namespaces", ref.namespace) : "cluster";
    return path.join(this.dir, ref.groupResource, scope, fileNameFor(ref.name));
  }

  has(ref: ItemRef): boolean {
    return this.#seen.has(keyOf(ref));
  }

  /** Records an item; false when it was already there. */
  add(ref: ItemRef): boolean {
    const key = keyOf(ref);
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    let byNamespace = this.#items.get(ref.groupResource);
    if (!byNamespace) this.#items.set(ref.groupResource, (byNamespace = new Map<string, string[]>()));
    let names = byNamespace.get(ref.namespace);
    if (!names) byNamespace.set(ref.namespace, (names = []));
    names.push(ref.name);
    this.#count++;
    return true;
  }

  groupResources(): string[] {
    return [...this.#items.keys()];
  }

  /** Source namespaces of a groupResource's items ("" for cluster-scoped), sorted. */
  namespaces(groupResource: string): string[] {
    return [...(this.#items.get(groupResource)?.keys() ?? [])].sort();
  }

  /** Names in one namespace (or "" for cluster scope), sorted. */
  names(groupResource: string, namespace: string): string[] {
    return [...(this.#items.get(groupResource)?.get(namespace) ?? [])].sort();
  }

  /** Every source namespace any item lives in. */
  allNamespaces(): string[] {
    const out = new Set<string>();
    for (const byNamespace of this.#items.values())
      for (const ns of byNamespace.keys()) if (ns !== clusterScope) out.add(ns);
    return [...out].sort();
  }

  /** The item as it is in the backup. Throws BadTarball when the file is not a JSON object. */
  async read(ref: ItemRef): Promise<KubeObject> {
    const file = this.fileOf(ref);
    const text = await readFile(file, "utf8");
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new RestoreError("BadTarball", `${describeRef(ref)}: item is not valid JSON`, { cause: err });
    }
    if (!isRecord(parsed)) throw new RestoreError("BadTarball", `${describeRef(ref)}: item is not a JSON object`);
    return parsed;
  }
}

function keyOf(ref: ItemRef): string {
  return `${ref.groupResource}\0${ref.namespace}\0${ref.name}`;
}

/** "deployments.apps shop/web", "persistentvolumes pv-1". */
export function describeRef(ref: { groupResource: string; namespace?: string; name: string }): string {
  return `${ref.groupResource} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`;
}
