/**
 * kubectl-style tables for `get` commands: an upper-case header, columns padded to their widest
 * cell and separated by three spaces, no rules, and a note on stderr when there is nothing to show
 * (kubectl's "No resources found"), so stdout stays empty for scripts.
 */

export function kubeTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("   ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}
