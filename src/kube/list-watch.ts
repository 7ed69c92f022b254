/**
 * The two calls an informer needs from the API server, behind an interface so the informer can
 * be driven by a fake in unit tests: a paginated `list` and a `watch` from a resourceVersion.
 * `restListWatch` implements them for any collection path through a RestClient.
 *
 * Watch contract: events are delivered in order to `onEvent`; the promise resolves when the
 * server ends the watch normally (its timeoutSeconds elapsed) and rejects on any failure. An
 * expired resourceVersion, whether answered as HTTP 410 or as a watch ERROR event carrying a
 * 410 Status, rejects with KubeError "Gone": the caller must relist.
 */
import type { KubernetesObject } from "@kubernetes/client-node";
import { fromStatus, KubeError, toKubeError, type StatusLike } from "./errors.ts";
import { ndjsonLines } from "./ndjson.ts";
import type { QueryValue, RestClient } from "./rest.ts";

export interface ListPage<T> {
  items: T[];
  resourceVersion: string;
  /** The continue token for the next page; absent or "" on the last page. */
  continue?: string;
}

export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK";

export interface WatchEvent<T> {
  type: WatchEventType;
  object: T;
}

export interface ListOptions {
  limit?: number;
  continue?: string;
  signal?: AbortSignal;
}

export interface WatchOptions<T> {
  resourceVersion: string;
  signal?: AbortSignal;
  onEvent: (event: WatchEvent<T>) => void;
}

export interface ListWatchSource<T> {
  list(options: ListOptions): Promise<ListPage<T>>;
  watch(options: WatchOptions<T>): Promise<void>;
}

export interface RestListWatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Server-side watch timeout; defaults to a random 5–10 min, like client-go, to spread reconnects. */
  watchTimeoutSeconds?: () => number;
}

interface RawList<T> {
  kind?: string;
  apiVersion?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  items?: T[];
}

interface RawEvent {
  type?: string;
  object?: unknown;
}

const eventTypes: ReadonlySet<string> = new Set(["ADDED", "MODIFIED", "DELETED", "BOOKMARK"]);

/** List items come without apiVersion/kind; fill them in from the list's own kind. */
function withTypeMeta<T extends KubernetesObject>(list: RawList<T>): T[] {
  const kind = list.kind?.endsWith("List") ? list.kind.slice(0, -4) : undefined;
  return (list.items ?? []).map((item) => ({
    ...item,
    apiVersion: item.apiVersion ?? list.apiVersion,
    kind: item.kind ?? kind,
  }));
}

function parseEvent<T>(line: string, path: string): WatchEvent<T> {
  let raw: RawEvent;
  try {
    raw = JSON.parse(line) as RawEvent;
  } catch (err) {
    throw new KubeError("BadResponse", `watch ${path}: event is not JSON`, { cause: err });
  }
  if (raw.type === "ERROR") throw fromStatus(500, raw.object as StatusLike, `watch ${path}`);
  if (!raw.type || !eventTypes.has(raw.type) || typeof raw.object !== "object" || raw.object === null) {
    throw new KubeError("BadResponse", `watch ${path}: unexpected event ${line.slice(0, 200)}`);
  }
  return { type: raw.type as WatchEventType, object: raw.object as T };
}

export function restListWatch<T extends KubernetesObject>(
  rest: RestClient,
  path: string,
  options: RestListWatchOptions = {},
): ListWatchSource<T> {
  const selectors: Record<string, QueryValue> = {
    labelSelector: options.labelSelector,
    fieldSelector: options.fieldSelector,
  };
  const timeout = options.watchTimeoutSeconds ?? (() => Math.floor(300 * (1 + Math.random())));
  return {
    async list({ limit, continue: token, signal }) {
      const list = await rest.get<RawList<T>>(path, {
        query: { ...selectors, limit, continue: token || undefined },
        signal,
      });
      return {
        items: withTypeMeta(list),
        resourceVersion: list.metadata?.resourceVersion ?? "",
        continue: list.metadata?.continue,
      };
    },
    async watch({ resourceVersion, signal, onEvent }) {
      const timeoutSeconds = timeout();
      const query = { ...selectors, watch: true, resourceVersion, allowWatchBookmarks: true, timeoutSeconds };
      // A half-open connection would never end on its own: give up a little after the server should have.
      const deadline = AbortSignal.timeout((timeoutSeconds + 30) * 1000);
      const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
      try {
        const body = await rest.stream(path, { query, signal: combined });
        for await (const line of ndjsonLines(body)) onEvent(parseEvent<T>(line, path));
      } catch (err) {
        if (deadline.aborted && !signal?.aborted) return;
        throw toKubeError(err, `watch ${path}`);
      }
    },
  };
}
