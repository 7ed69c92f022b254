/**
 * A typed client for one namespaced resource in one namespace, over RestClient: get, list (every
 * page), create, replace, merge-patch, status subresource writes, delete, and the list/watch
 * source an Informer takes. Works for any group: `{ group: "", version: "v1", plural: "secrets" }`
 * addresses `/api/v1/namespaces/<ns>/secrets`; `lifeboatClient(rest, backupDefinition, ns)` is the
 * client of Lifeboat's Backups. Errors are KubeErrors (NotFound, AlreadyExists, Conflict,
 * Invalid…) from RestClient; this layer adds none of its own except for an object without a name.
 */
import type { KubernetesObject } from "@kubernetes/client-node";
import type { ResourceDefinition } from "../api/definition.ts";
import { defaultNamespace } from "../api/group.ts";
import { KubeError } from "./errors.ts";
import { restListWatch, type ListWatchSource, type RestListWatchOptions } from "./list-watch.ts";
import type { RestClient } from "./rest.ts";

export interface ResourceRef {
  /** "" for the core group (`/api/v1`). */
  group: string;
  version: string;
  plural: string;
}

/**
 * A JSON merge patch (RFC 7386) of T: any subset of fields, nested objects patched field by
 * field, arrays replaced whole, `null` deletes a field.
 */
export type MergePatch<T> = {
  [K in keyof T]?: NonNullable<T[K]> extends readonly unknown[]
    ? T[K] | null
    : NonNullable<T[K]> extends object
      ? MergePatch<NonNullable<T[K]>> | null
      : T[K] | null;
};

type StatusOf<T> = T extends { status?: infer S } ? NonNullable<S> : never;

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ClientListOptions extends CallOptions {
  /** e.g. "lifeboat.dev/backup-name=nightly,app in (db,web)" */
  labelSelector?: string;
  fieldSelector?: string;
  /** Items per page; default 500. */
  pageSize?: number;
}

export interface DeleteOptions extends CallOptions {
  propagationPolicy?: "Foreground" | "Background" | "Orphan";
}

export function collectionPath(ref: ResourceRef, namespace: string): string {
  const root = ref.group === "" ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
  return `${root}/namespaces/${encodeURIComponent(namespace)}/${ref.plural}`;
}

export class ResourceClient<T extends KubernetesObject> {
  readonly #rest: RestClient;
  readonly #collection: string;
  readonly namespace: string;

  constructor(rest: RestClient, ref: ResourceRef, namespace: string) {
    this.#rest = rest;
    this.namespace = namespace;
    this.#collection = collectionPath(ref, namespace);
  }

  /** The API path of the collection, or of one object when `name` is given. */
  path(name?: string): string {
    return name === undefined ? this.#collection : `${this.#collection}/${encodeURIComponent(name)}`;
  }

  get(name: string, options: CallOptions = {}): Promise<T> {
    return this.#rest.get<T>(this.path(name), options);
  }

  /** Every matching object, following continue tokens across pages. */
  async list(options: ClientListOptions = {}): Promise<T[]> {
    const { labelSelector, fieldSelector, signal, pageSize = 500 } = options;
    const source = restListWatch<T>(this.#rest, this.#collection, { labelSelector, fieldSelector });
    const items: T[] = [];
    let token: string | undefined;
    do {
      const page = await source.list({ limit: pageSize, continue: token, signal });
      items.push(...page.items);
      token = page.continue || undefined;
    } while (token);
    return items;
  }

  create(obj: T, options: CallOptions = {}): Promise<T> {
    return this.#rest.post<T>(this.#collection, obj, options);
  }

  /** PUT of the whole object; carries metadata.resourceVersion, so a stale copy fails with Conflict. */
  async replace(obj: T, options: CallOptions = {}): Promise<T> {
    return await this.#rest.put<T>(this.path(nameOf(obj, "replace")), obj, options);
  }

  patch(name: string, patch: MergePatch<T>, options: CallOptions = {}): Promise<T> {
    return this.#rest.patch<T>(this.path(name), patch, options);
  }

  /** Merge-patches the status subresource: `patchStatus("b", { phase: "InProgress" })`. */
  patchStatus(name: string, status: MergePatch<StatusOf<T>>, options: CallOptions = {}): Promise<T> {
    return this.#rest.patch<T>(`${this.path(name)}/status`, { status }, options);
  }

  /** PUT of the status subresource (spec changes in `obj` are ignored by the server). */
  async replaceStatus(obj: T, options: CallOptions = {}): Promise<T> {
    return await this.#rest.put<T>(`${this.path(nameOf(obj, "replaceStatus"))}/status`, obj, options);
  }

  async delete(name: string, options: DeleteOptions = {}): Promise<void> {
    const { propagationPolicy, signal } = options;
    await this.#rest.delete<unknown>(this.path(name), { query: { propagationPolicy }, signal });
  }

  /** The list/watch pair an Informer runs on, for this collection. */
  listWatch(options: RestListWatchOptions = {}): ListWatchSource<T> {
    return restListWatch<T>(this.#rest, this.#collection, options);
  }
}

function nameOf(obj: KubernetesObject, call: string): string {
  const name = obj.metadata?.name;
  if (!name) {
    throw new KubeError("Invalid", `${call} ${obj.kind ?? "object"}: metadata.name is empty; set the object's name`);
  }
  return name;
}

/** The client of one Lifeboat custom resource, e.g. `lifeboatClient(rest, backupDefinition, "lifeboat")`. */
export function lifeboatClient<T extends KubernetesObject>(
  rest: RestClient,
  definition: ResourceDefinition<T>,
  namespace: string = defaultNamespace,
): ResourceClient<T> {
  return new ResourceClient<T>(rest, definition, namespace);
}
