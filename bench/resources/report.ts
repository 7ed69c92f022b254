/**
 * The numbers one run of `bench:resources` collects, and the table it prints: Velero and Lifeboat
 * side by side, with the ratios the project's targets are stated in (Lifeboat/Velero objects per
 * second ≥ 20× for backup and restore; Lifeboat's backup within 1.5× of a raw LIST).
 */
import type { PeakRss } from "./process-stats.ts";

/** One backup or restore as a tool reported it. */
export interface RunReport {
  /** From the CLI's `create … --wait` to its return. */
  wallSeconds: number;
  /** From the object's appearance to its final phase, as a watch saw it (ms resolution). */
  watchedSeconds: number;
  /** completionTimestamp − startTimestamp of the Backup/Restore object. */
  serverSeconds: number | undefined;
  /** status.progress.itemsBackedUp / itemsRestored. */
  items: number | undefined;
  warnings: number;
}

export interface ToolResults {
  backup?: RunReport;
  restore?: RunReport;
  /** Benchmark objects counted in the cluster after the restore. */
  restoredObjects?: number;
  peak?: PeakRss;
  tarballBytes?: number;
  /** Why the tool's part stopped short, if it did. */
  error?: string;
}

export interface Results {
  scale: number;
  objects: number;
  namespaces: number;
  createSeconds: number;
  listSeconds: number;
  listed: number;
  velero: ToolResults;
  lifeboat: ToolResults;
}

const dash = "—";

function seconds(s: number | undefined): string {
  return s === undefined ? dash : `${s.toFixed(2)} s`;
}

function perSecond(objects: number, s: number | undefined): string {
  return s === undefined || s <= 0 ? dash : `${Math.round(objects / s).toLocaleString("en-US")}/s`;
}

function ratio(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? dash : `${value.toFixed(2)}×`;
}

function mib(peak: PeakRss | undefined): string {
  if (!peak) return dash;
  const plugin = peak.childMiB > 0 ? ` (+ plugin ${peak.childMiB.toFixed(0)})` : "";
  return `${peak.serverMiB.toFixed(0)} MiB${plugin}`;
}

function size(bytes: number | undefined): string {
  return bytes === undefined ? dash : `${(bytes / 2 ** 20).toFixed(2)} MiB`;
}

type Part = "backup" | "restore";
type Clock = "wallSeconds" | "watchedSeconds";

function speedup(r: Results, part: Part, clock: Clock): string {
  const ours = r.lifeboat[part]?.[clock];
  const theirs = r.velero[part]?.[clock];
  return ratio(ours && theirs ? theirs / ours : undefined);
}

type Row = [string, string, string, string, string];

interface Cells {
  wall: string;
  watched: string;
  rate: string;
  watchedRate: string;
  stamps: string;
  items: string;
}

function runCells(run: RunReport | undefined, objects: number): Cells {
  return {
    wall: seconds(run?.wallSeconds),
    watched: seconds(run?.watchedSeconds),
    rate: perSecond(objects, run?.wallSeconds),
    watchedRate: perSecond(objects, run?.watchedSeconds),
    stamps: seconds(run?.serverSeconds),
    items: String(run?.items ?? dash),
  };
}

function runRows(part: Part, r: Results): Row[] {
  const v = runCells(r.velero[part], r.objects);
  const l = runCells(r.lifeboat[part], r.objects);
  const done = part === "backup" ? "backed up" : "restored";
  return [
    [`${part}: CLI wall time`, v.wall, l.wall, speedup(r, part, "wallSeconds"), "≥ 20×"],
    [`${part}: watched on the server`, v.watched, l.watched, speedup(r, part, "watchedSeconds"), "≥ 20×"],
    [`${part}: status stamps`, v.stamps, l.stamps, "", ""],
    [`${part}: objects/s (wall)`, v.rate, l.rate, "", ""],
    [`${part}: objects/s (watched)`, v.watchedRate, l.watchedRate, "", ""],
    [`items ${done}`, v.items, l.items, "", ""],
  ];
}

function overList(r: Results, tool: ToolResults, clock: Clock): string {
  return ratio(tool.backup ? tool.backup[clock] / r.listSeconds : undefined);
}

function rows(r: Results): Row[] {
  const { velero: v, lifeboat: l } = r;
  return [
    ...runRows("backup", r),
    ["backup / raw LIST (wall)", overList(r, v, "wallSeconds"), overList(r, l, "wallSeconds"), "", "Lifeboat ≤ 1.5×"],
    [
      "backup / raw LIST (watched)",
      overList(r, v, "watchedSeconds"),
      overList(r, l, "watchedSeconds"),
      "",
      "Lifeboat ≤ 1.5×",
    ],
    ...runRows("restore", r),
    [
      "objects back after restore",
      String(v.restoredObjects ?? dash),
      String(l.restoredObjects ?? dash),
      "",
      `= ${r.objects}`,
    ],
    ["server peak RSS", mib(v.peak), mib(l.peak), "", ""],
    ["resources tarball", size(v.tarballBytes), size(l.tarballBytes), "", ""],
  ];
}

export function formatTable(r: Results): string {
  const head = `${r.objects.toLocaleString("en-US")} objects (ConfigMaps + Secrets, ~1 KiB) in ${r.namespaces} namespaces, BENCH_SCALE=${r.scale}
created in ${seconds(r.createSeconds)} (${perSecond(r.objects, r.createSeconds)}); raw LIST of all ${r.listed.toLocaleString("en-US")} ConfigMaps+Secrets (pages of 500): ${seconds(r.listSeconds)}
Velero runs with its server defaults (velero-plugin-for-aws v1.14.3; client QPS 100, burst 100, page size 500)
`;
  const all: Row[] = [["", "Velero v1.18.1", "Lifeboat", "Lifeboat speed-up", "target"], ...rows(r)];
  const widths = [0, 1, 2, 3, 4].map((c) => Math.max(...all.map((row) => row[c]?.length ?? 0)));
  const lines = all.map((row) =>
    row
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join("  ")
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  const notes = [r.velero.error && `Velero: ${r.velero.error}`, r.lifeboat.error && `Lifeboat: ${r.lifeboat.error}`]
    .filter(Boolean)
    .join("\n");
  return `${head}\n${lines.join("\n")}${notes ? `\n\n${notes}` : ""}`;
}
