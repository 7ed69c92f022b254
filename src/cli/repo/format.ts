/** Small formatters shared by the `lifeboat repo` commands: sizes, times, short ids. */
import { formatGoTime, type GoTime } from "../../repo/format/time.ts";
import type { SnapshotRef } from "../../repo/snapshots.ts";

export function bytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} B` : `${value.toFixed(3)} ${units[unit]}`;
}

export function shortTime(t: GoTime): string {
  return formatGoTime(t.epochNs, t.offsetMinutes)
    .replace("T", " ")
    .replace(/\.\d+/, "")
    .replace(/(Z|[+-]\d\d:\d\d)$/, "");
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  const rule = "-".repeat(widths.reduce((a, b) => a + b + 2, -2));
  return [line(header), rule, ...rows.map(line), rule].join("\n") + "\n";
}

/** A snapshot as restic's `--json` output shows it. */
export function snapshotJson({ id, snapshot: s }: SnapshotRef): Record<string, unknown> {
  return {
    time: formatGoTime(s.time.epochNs, s.time.offsetMinutes),
    ...(s.parent ? { parent: s.parent } : {}),
    tree: s.tree,
    paths: s.paths,
    hostname: s.hostname,
    username: s.username,
    ...(s.tags ? { tags: s.tags } : {}),
    ...(s.programVersion ? { program_version: s.programVersion } : {}),
    id,
    short_id: id.slice(0, 8),
  };
}

/**
 * A one-line status on a terminal, redrawn at most once a second with the elapsed time; on
 * anything else (logs, CI) it stays silent, so output stays clean.
 */
export function progressLine(out: NodeJS.WriteStream): { update(text: string): void; done(): void } {
  const started = Date.now();
  let last = 0;
  const tty = out.isTTY;
  return {
    update(text) {
      const now = Date.now();
      if (!tty || now - last < 1000) return;
      last = now;
      const seconds = Math.floor((now - started) / 1000);
      out.write(`\r[${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}] ${text}\x1b[K`);
    },
    done() {
      if (tty && last > 0) out.write("\r\x1b[K");
    },
  };
}
