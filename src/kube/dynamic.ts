/**
 * Untyped access to any resource discovery found (the engines back up and restore objects of
 * kinds they have never heard of): URL paths, paginated lists, get/create/patch/replace/delete,
 * all through the rate-limited RestClient, so errors are KubeErrors with stable codes.
 *
 * LIST responses leave each item's apiVersion and kind empty; they are filled in here so a
 * listed object looks exactly like a fetched one. `listAll` pages with continue tokens; when a
 * token expires (410 Gone) it starts the list again and skips what it already yielded. That skip
 * relies on lists coming back in storage-key order ("<namespace>/<name>"), which continue tokens
 * guarantee, so it needs no memory per item.
 */
import { groupVersionOf } from "./resource-catalog.ts";
import { KubeError } from "./errors.ts";
import type { RestClient } from "./rest.ts";

/** Enough of a resource to address it; a DiscoveredResource is one. */
export interface ResourceRef {
  group: string;
  version: string;
  /** Plural, as in the URL. */
  resource: string;
  namespaced: boolean;
  kind?: string;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  deletionTimestamp?: string;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  managedFields?: unknown[];
  [field: string]: unknown;
}

/** Any Kubernetes object, as JSON. */
export interface Unstructured {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

export interface ListOptions {
  namespace?: string;
  /** Label selector in query form ("app=web,tier in (a,b)"); see filters/label-selector.ts. */
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size; listAll defaults to 500. */
  limit?: number;
  continue?: string;
  signal?: AbortSignal;
}

export interface ListPage {
  items: Unstructured[];
  /** The token for the next page; undefined on the last page. */
  continue: string | undefined;
  resourceVersion: string;
  /** How many items the following pages hold, when the server says (lists without selectors). */
  remainingItemCount?: number;
}

export interface ListAllOptions extends ListOptions {
  /** Called with each page before its items are yielded (progress estimates). */
  onPage?: (page: ListPage) => void;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export const defaultPageSize = 500;
const maxRestarts = 3;

interface ListBody {
  kind?: string;
  metadata?: { continue?: string; resourceVersion?: string; remainingItemCount?: number };
  items?: Unstructured[] | null;
}

function keyOf(obj: Unstructured): string {
  const m = obj.metadata ?? {};
  return m.namespace ? `${m.namespace}/${m.name ?? ""}` : (m.name ?? "");
}

export class DynamicClient {
  readonly rest: RestClient;

  constructor(rest: RestClient) {
    this.rest = rest;
  }

  /** `/api/v1/namespaces/ns/pods/name`, `/apis/apps/v1/deployments` (all namespaces)… */
  path(res: ResourceRef, namespace?: string, name?: string): string {
    let p = res.group === "" ? `/api/${res.version}` : `/apis/${res.group}/${res.version}`;
    if (res.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
    p += `/${res.resource}`;
    if (name !== undefined) {
      if (name === "") throw new KubeError("InvalidArgument", `${res.resource}: object name is empty`);
      p += `/${encodeURIComponent(name)}`;
    }
    return p;
  }

  /** One page of a list; items carry apiVersion and kind. */
  async listPage(res: ResourceRef, opts: ListOptions = {}): Promise<ListPage> {
    const body = await this.rest.get<ListBody>(this.path(res, opts.namespace), {
      query: {
        labelSelector: opts.labelSelector || undefined,
        fieldSelector: opts.fieldSelector || undefined,
        limit: opts.limit,
        continue: opts.continue || undefined,
      },
      signal: opts.signal,
    });
    const apiVersion = groupVersionOf(res.group, res.version);
    const kind = res.kind || (body.kind ?? "").replace(/List$/, "");
    const items = body.items ?? [];
    for (const item of items) {
      item.apiVersion ||= apiVersion;
      item.kind ||= kind;
    }
    const page: ListPage = {
      items,
      continue: body.metadata?.continue || undefined,
      resourceVersion: body.metadata?.resourceVersion ?? "",
    };
    const remaining = body.metadata?.remainingItemCount;
    if (typeof remaining === "number") page.remainingItemCount = remaining;
    return page;
  }

  /**
   * Every object of a list, page by page (`limit`, default 500). The next page is requested as
   * soon as a page arrives, so the caller's work on one page overlaps the fetch of the next (at
   * most two pages are held). An expired continue token restarts the list from scratch,
   * skipping the objects already yielded (by key order).
   */
  async *listAll(res: ResourceRef, opts: ListAllOptions = {}): AsyncGenerator<Unstructured> {
    const { onPage, ...listOpts } = opts;
    const limit = opts.limit ?? defaultPageSize;
    const fetchPage = (token: string | undefined): { token: string | undefined; page: Promise<ListPage> } => {
      const page = this.listPage(res, { ...listOpts, limit, continue: token });
      page.catch(() => undefined);
      return { token, page };
    };
    let next = fetchPage(undefined);
    let lastKey: string | undefined;
    let skipUpTo: string | undefined;
    let restarts = 0;
    for (;;) {
      let page: ListPage;
      try {
        page = await next.page;
      } catch (err) {
        if (!KubeError.is(err, "Gone") || next.token === undefined || restarts >= maxRestarts) throw err;
        restarts++;
        skipUpTo = lastKey;
        next = fetchPage(undefined);
        continue;
      }
      if (page.continue !== undefined) next = fetchPage(page.continue);
      onPage?.(page);
      for (const item of page.items) {
        const key = keyOf(item);
        if (skipUpTo !== undefined && key <= skipUpTo) continue;
        lastKey = key;
        yield item;
      }
      if (page.continue === undefined) return;
    }
  }

  get(res: ResourceRef, name: string, namespace?: string, opts: CallOptions = {}): Promise<Unstructured> {
    return this.rest.get<Unstructured>(this.path(res, namespace, name), opts);
  }

  /** Creates `obj` in `namespace` (default: obj.metadata.namespace). */
  create(res: ResourceRef, obj: Unstructured, namespace?: string, opts: CallOptions = {}): Promise<Unstructured> {
    return this.rest.post<Unstructured>(this.path(res, namespace ?? obj.metadata?.namespace), obj, opts);
  }

  /** A JSON merge patch (RFC 7386). */
  patch(
    res: ResourceRef,
    name: string,
    patch: unknown,
    namespace?: string,
    opts: CallOptions = {},
  ): Promise<Unstructured> {
    return this.rest.patch<Unstructured>(this.path(res, namespace, name), patch, opts);
  }

  /** PUT: replaces the object named in obj.metadata.name (send its resourceVersion to guard). */
  replace(res: ResourceRef, obj: Unstructured, namespace?: string, opts: CallOptions = {}): Promise<Unstructured> {
    const name = obj.metadata?.name ?? "";
    return this.rest.put<Unstructured>(this.path(res, namespace ?? obj.metadata?.namespace, name), obj, opts);
  }

  delete(res: ResourceRef, name: string, namespace?: string, opts: CallOptions = {}): Promise<unknown> {
    return this.rest.delete<unknown>(this.path(res, namespace, name), opts);
  }
}
