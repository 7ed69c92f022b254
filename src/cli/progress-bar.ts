/**
 * Progress of a running backup or restore, for `--wait`. On a terminal one line is redrawn in
 * place: `[=====>    ] 1234/5678 items  12.3 MB  00:42`; anywhere else (CI logs, pipes) a plain
 * line is written when something changed, at most every 2 s, so logs stay readable. Both write
 * to the given stream (stderr in the CLI: progress is a message, not data). The clock is
 * injected so the throttling can be tested.
 */
import { clock, humanBytes } from "./describe-format.ts";

export interface ProgressState {
  phase: string;
  done: number;
  /** 0 when not known yet. */
  total: number;
  bytes?: number;
  totalBytes?: number;
  /** "items" or "volumes"… */
  unit?: string;
}

export interface ProgressPrinter {
  /** Records the latest state and redraws if due. Call it on every change and on a timer. */
  update(state: ProgressState): void;
  /** Clears the live line (TTY) so the summary that follows starts on a clean line. */
  done(): void;
}

export interface ProgressOptions {
  out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  now?: () => number;
  /** Minimum time between plain lines; defaults to 2000 ms. */
  plainIntervalMs?: number;
}

/** `[=====>    ]` of `width` inner cells; an unknown total shows an empty bar. */
export function bar(done: number, total: number, width: number): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.floor(ratio * width);
  if (filled >= width) return `[${"=".repeat(width)}]`;
  const head = filled > 0 ? ">" : "";
  return `[${"=".repeat(Math.max(0, filled - 1))}${head}${" ".repeat(width - Math.max(filled, head.length))}]`;
}

function counts(state: ProgressState): string {
  const unit = state.unit ?? "items";
  const items = state.total > 0 ? `${state.done}/${state.total} ${unit}` : `${state.done} ${unit}`;
  if (state.bytes === undefined) return items;
  const bytes = state.totalBytes
    ? `${humanBytes(state.bytes)}/${humanBytes(state.totalBytes)}`
    : humanBytes(state.bytes);
  return `${items}  ${bytes}`;
}

/** The live line: bar, counts, bytes, elapsed. */
export function renderBarLine(state: ProgressState, elapsedMs: number, width = 20): string {
  return `${bar(state.done, state.total, width)} ${counts(state)}  ${clock(elapsedMs)}  ${state.phase}`;
}

/** The plain line for logs. */
export function renderPlainLine(state: ProgressState, elapsedMs: number): string {
  return `${clock(elapsedMs)} ${state.phase}: ${counts(state).replace("  ", ", ")}`;
}

function sameState(a: ProgressState | undefined, b: ProgressState): boolean {
  return !!a && a.phase === b.phase && a.done === b.done && a.total === b.total && a.bytes === b.bytes;
}

export function progressPrinter(options: ProgressOptions): ProgressPrinter {
  const now = options.now ?? Date.now;
  const started = now();
  const out = options.out;
  const interval = options.plainIntervalMs ?? 2000;
  let lastPlain = -Infinity;
  let printed: ProgressState | undefined;
  let drawn = false;
  if (out.isTTY) {
    return {
      update(state) {
        const width = Math.max(10, Math.min(40, (out.columns || 80) - 60));
        out.write(`\r${renderBarLine(state, now() - started, width)}\x1b[K`);
        drawn = true;
      },
      done() {
        if (drawn) out.write("\r\x1b[K");
      },
    };
  }
  return {
    update(state) {
      const t = now();
      if (sameState(printed, state) || t - lastPlain < interval) return;
      out.write(renderPlainLine(state, t - started) + "\n");
      lastPlain = t;
      printed = { ...state };
    },
    done() {},
  };
}
