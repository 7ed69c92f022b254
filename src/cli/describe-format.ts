/**
 * How the kube-facing commands print numbers and times for people: sizes in SI units
 * ("12.3 MB"), elapsed clocks ("01:42"), Kubernetes-style ages ("3d4h", like kubectl's AGE
 * column), and timestamps in the local zone with their offset, the way Velero prints them
 * ("2025-03-01 14:05:09 +0100"). (src/cli/repo/format.ts is restic's style — binary units with
 * three decimals — which is not what SREs read in Velero's and kubectl's output.)
 */
import { formatDuration } from "../api/duration.ts";

const siUnits = ["B", "kB", "MB", "GB", "TB", "PB"];

export function humanBytes(n: number): string {
  if (!Number.isFinite(n) || n < 1000) return `${Number.isFinite(n) ? Math.max(0, Math.round(n)) : 0} B`;
  let value = n;
  let unit = 0;
  while (value >= 1000 && unit < siUnits.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${siUnits[unit]}`;
}

const pad = (n: number): string => String(n).padStart(2, "0");

/** Elapsed time as mm:ss, or h:mm:ss from an hour on. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

/** A duration the way Go prints one, rounded to seconds: "0s", "42s", "3m12s", "2h0m5s". */
export function goDuration(ms: number): string {
  return formatDuration(Math.round(ms / 1000) * 1000);
}

function withRest(big: number, bigUnit: string, rest: number, restUnit: string): string {
  return rest === 0 ? `${big}${bigUnit}` : `${big}${bigUnit}${rest}${restUnit}`;
}

/** A coarse age like kubectl's: precise when short, rounder the longer it gets. */
export function humanAge(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 0) return "0s";
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  const years = Math.floor(days / 365);
  if (seconds < 120) return `${seconds}s`;
  if (minutes < 10) return withRest(minutes, "m", seconds % 60, "s");
  if (minutes < 180) return `${minutes}m`;
  if (hours < 8) return withRest(hours, "h", minutes % 60, "m");
  if (hours < 48) return `${hours}h`;
  if (hours < 192) return withRest(days, "d", hours % 24, "h");
  if (days < 730) return `${days}d`;
  if (days < 2920) return withRest(years, "y", days % 365, "d");
  return `${years}y`;
}

/**
 * `2025-03-01 14:05:09 +0100` in the local zone (or the given offset, minutes east of UTC);
 * "<n/a>" for a missing or unparseable timestamp.
 */
export function timestamp(iso: string | Date | undefined, offsetMinutes?: number): string {
  if (!iso) return "<n/a>";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "<n/a>";
  const offset = offsetMinutes ?? -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offset * 60_000);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const day = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  return `${day} ${time} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

/** Time between two timestamps, or undefined when either is missing. */
export function between(start: string | Date | undefined, end: string | Date | undefined): number | undefined {
  if (!start || !end) return undefined;
  const ms = new Date(end).getTime() - new Date(start).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

/** A list for describe output: "a, b" or "<none>" (or the given word for an empty list, e.g. "*"). */
export function listOr(items: readonly string[] | undefined, empty = "<none>"): string {
  return items && items.length > 0 ? items.join(", ") : empty;
}

/** Aligned `Key:  value` lines, each indented by `indent` spaces. */
export function fields(rows: [string, string][], indent = 0): string {
  const width = Math.max(0, ...rows.map(([k]) => k.length + 1));
  const lead = " ".repeat(indent);
  return rows.map(([k, v]) => `${lead}${`${k}:`.padEnd(width)}  ${v}`.trimEnd()).join("\n") + "\n";
}
