/**
 * Waits for one object to reach a state (`--wait` on backup/restore create, a DownloadRequest
 * or ServerStatusRequest being Processed). It reads the object, then follows a watch on it from
 * that resourceVersion when a watch source is given, re-reading after every watch that ends or
 * fails (Gone, network), or polls with `get` every `pollMs` when there is none. Each version seen
 * is handed to `onUpdate` (progress display). Fails with a WaitError when the object is deleted
 * or the timeout passes.
 */
import type { KubernetesObject } from "@kubernetes/client-node";
import type { ListWatchSource } from "../kube/list-watch.ts";

export class WaitError extends Error {
  readonly code: "Timeout" | "Deleted";

  constructor(code: "Timeout" | "Deleted", message: string) {
    super(message);
    this.name = "WaitError";
    this.code = code;
  }
}

export interface WaitOptions<T extends KubernetesObject> {
  /** What is waited for, for messages: `backup "nightly"`. */
  what: string;
  get: () => Promise<T>;
  /** A list-watch narrowed to this one object (fieldSelector metadata.name=…); polls without it. */
  watch?: ListWatchSource<T>;
  until: (obj: T) => boolean;
  onUpdate?: (obj: T) => void;
  /** Undefined: no limit. */
  timeoutMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

interface Round<T> {
  latest: T;
  found?: T;
}

/** Follows one watch; returns the object that matched, or the latest version when the watch ended. */
async function watchRound<T extends KubernetesObject>(
  options: WaitOptions<T>,
  source: ListWatchSource<T>,
  latest: T,
  signal: AbortSignal,
): Promise<Round<T>> {
  const round: Round<T> = { latest };
  const stop = new AbortController();
  let deleted = false;
  try {
    await source.watch({
      resourceVersion: latest.metadata?.resourceVersion ?? "",
      signal: AbortSignal.any([signal, stop.signal]),
      onEvent: (event) => {
        if (event.type === "BOOKMARK" || round.found || deleted) return;
        if (event.type === "DELETED") {
          deleted = true;
          stop.abort();
          return;
        }
        round.latest = event.object;
        options.onUpdate?.(event.object);
        if (options.until(event.object)) {
          round.found = event.object;
          stop.abort();
        }
      },
    });
  } catch {
    // A watch that fails (Gone, network, our own abort) is followed by a fresh read.
  }
  if (deleted) throw new WaitError("Deleted", `${options.what} was deleted while waiting for it`);
  return round;
}

export async function waitFor<T extends KubernetesObject>(options: WaitOptions<T>): Promise<T> {
  const timeout = options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
  const signals = [options.signal, timeout].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length > 0 ? AbortSignal.any(signals) : new AbortController().signal;
  for (;;) {
    if (timeout?.aborted)
      throw new WaitError("Timeout", `${options.what} did not get there within ${(options.timeoutMs ?? 0) / 1000}s`);
    if (options.signal?.aborted) throw options.signal.reason;
    const current = await options.get();
    options.onUpdate?.(current);
    if (options.until(current)) return current;
    if (options.watch) {
      const round = await watchRound(options, options.watch, current, signal);
      if (round.found) return round.found;
      if (!signal.aborted) await sleep(200, signal); // do not spin if watches end at once
    } else {
      await sleep(options.pollMs ?? 1000, signal);
    }
  }
}
