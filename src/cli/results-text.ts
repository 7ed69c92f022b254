/**
 * The errors and warnings of a run (its `-results.gz`: `{errors, warnings}`, each
 * `{lifeboat, cluster, namespaces}`) as describe output, in the layout Velero users know:
 *
 *   Warnings:
 *     Lifeboat:    <none>
 *     Cluster:     could not restore ClusterRole x: …
 *     Namespaces:
 *       shop:  could not restore Service web: …
 */
import type { Result, RunResults } from "../util/results.ts";

function messages(lines: readonly string[], indent: number): string {
  if (lines.length === 0) return "<none>";
  return lines.join(`\n${" ".repeat(indent)}`);
}

function section(title: string, result: Result | undefined): string {
  const r = result ?? { lifeboat: [], cluster: [], namespaces: {} };
  const out = [
    `${title}:`,
    `  Lifeboat:    ${messages(r.lifeboat ?? [], 15)}`,
    `  Cluster:     ${messages(r.cluster ?? [], 15)}`,
  ];
  const namespaces = Object.entries(r.namespaces ?? {}).filter(([, m]) => m.length > 0);
  if (namespaces.length === 0) {
    out.push("  Namespaces:  <none>");
  } else {
    out.push("  Namespaces:");
    const width = Math.max(...namespaces.map(([ns]) => ns.length)) + 1;
    for (const [ns, m] of namespaces) out.push(`    ${`${ns}:`.padEnd(width)}  ${messages(m, width + 6)}`);
  }
  return out.join("\n") + "\n";
}

export function resultsText(results: Partial<RunResults>): string {
  return `${section("Errors", results.errors)}\n${section("Warnings", results.warnings)}`;
}

/** Parses a results payload, tolerating absent parts. */
export function parseResults(text: string): Partial<RunResults> {
  const parsed = JSON.parse(text) as Partial<RunResults>;
  return typeof parsed === "object" && parsed !== null ? parsed : {};
}
