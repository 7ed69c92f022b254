/**
 * Times a Backup or Restore from the API server's side, to the millisecond and independently of
 * either tool's CLI: a watch opened before the CLI runs notes when the object appears and when
 * its phase becomes final. Both tools' status stamps have one-second resolution, and the CLI's
 * wall time includes its own start-up, so this is the fairest measure of the server's work.
 */
import type { RestClient } from "../../src/kube/rest.ts";

const finalPhases = new Set(["Completed", "PartiallyFailed", "Failed", "FailedValidation"]);

export interface WatchedRun {
  /** Seconds from the object's first appearance to its final phase. */
  seconds: number;
  phase: string;
}

interface WatchEvent {
  type: string;
  object: { metadata?: { resourceVersion?: string }; status?: { phase?: string } };
}

async function* events(stream: AsyncIterable<Uint8Array>): AsyncGenerator<WatchEvent> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of stream) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) yield JSON.parse(line) as WatchEvent;
      newline = buffered.indexOf("\n");
    }
  }
}

export class PhaseWatch {
  readonly #abort = new AbortController();
  #done: Promise<WatchedRun> | undefined;

  /**
   * Opens a watch on `collection` (an API path such as …/namespaces/velero/backups) for `name`;
   * resolves once the API server has accepted it, so nothing that follows can be missed.
   */
  static async start(rest: RestClient, collection: string, name: string): Promise<PhaseWatch> {
    const watch = new PhaseWatch();
    const open = (resourceVersion?: string) =>
      rest.stream(collection, {
        query: { watch: true, fieldSelector: `metadata.name=${name}`, resourceVersion },
        signal: watch.#abort.signal,
      });
    const first = await open();
    watch.#done = watch.#follow(first, open, `${collection}/${name}`);
    // a failure is reported by result(), never as an unhandled rejection
    watch.#done.catch(() => undefined);
    return watch;
  }

  async #follow(
    first: AsyncIterable<Uint8Array>,
    open: (resourceVersion?: string) => Promise<AsyncIterable<Uint8Array>>,
    what: string,
  ): Promise<WatchedRun> {
    let appeared: number | undefined;
    let resourceVersion: string | undefined;
    let stream = first;
    for (;;) {
      for await (const event of events(stream)) {
        if (event.type === "ERROR") throw new Error(`watch of ${what} failed: ${JSON.stringify(event.object)}`);
        appeared ??= performance.now();
        resourceVersion = event.object.metadata?.resourceVersion ?? resourceVersion;
        const phase = event.object.status?.phase ?? "";
        if (finalPhases.has(phase)) return { seconds: (performance.now() - appeared) / 1000, phase };
      }
      // the API server ends a watch after a while; carry on from the last version seen
      stream = await open(resourceVersion);
    }
  }

  /** The watched run; gives up `graceMs` after being asked (the CLI has returned by then). */
  async result(graceMs = 10_000): Promise<WatchedRun> {
    const timer = setTimeout(() => this.#abort.abort(), graceMs);
    try {
      return await (this.#done as Promise<WatchedRun>);
    } finally {
      clearTimeout(timer);
      this.#abort.abort();
    }
  }
}

/** Runs a tool's `create … --wait` while watching its object: the CLI's wall time and the watched time. */
export async function watchedRun(
  rest: RestClient,
  collection: string,
  name: string,
  cli: () => Promise<unknown>,
): Promise<{ wallSeconds: number; watched: WatchedRun }> {
  const watch = await PhaseWatch.start(rest, collection, name);
  const started = performance.now();
  try {
    await cli();
  } catch (err) {
    await watch.result(0).catch(() => undefined);
    throw err;
  }
  const wallSeconds = (performance.now() - started) / 1000;
  return { wallSeconds, watched: await watch.result() };
}
