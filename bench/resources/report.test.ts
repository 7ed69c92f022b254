/** Tests of the benchmark's table: the ratios it prints and how it shows a missing side. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatTable, type Results } from "./report.ts";

function results(): Results {
  return {
    scale: 1,
    objects: 20_000,
    namespaces: 200,
    createSeconds: 40,
    listSeconds: 2,
    listed: 20_400,
    velero: {
      backup: { wallSeconds: 100, watchedSeconds: 99.5, serverSeconds: 99, items: 20_600, warnings: 0 },
      restore: { wallSeconds: 400, watchedSeconds: 399, serverSeconds: 400, items: 20_600, warnings: 400 },
      restoredObjects: 20_000,
      peak: { serverMiB: 300, childMiB: 120 },
      tarballBytes: 16 * 2 ** 20,
    },
    lifeboat: {
      backup: { wallSeconds: 2.5, watchedSeconds: 2, serverSeconds: 2, items: 20_600, warnings: 0 },
      restore: { wallSeconds: 16, watchedSeconds: 15.96, serverSeconds: 15, items: 20_600, warnings: 0 },
      restoredObjects: 20_000,
      peak: { serverMiB: 150, childMiB: 0 },
      tarballBytes: 15 * 2 ** 20,
    },
  };
}

function row(table: string, label: string): string {
  const line = table.split("\n").find((l) => l.startsWith(label));
  assert.ok(line, `no row "${label}" in\n${table}`);
  return line;
}

test("speed-ups are Velero's time over Lifeboat's, and backup is compared with the raw LIST", () => {
  const table = formatTable(results());
  assert.match(row(table, "backup: CLI wall time"), /100\.00 s\s+2\.50 s\s+40\.00×\s+≥ 20×/);
  assert.match(row(table, "backup: watched on the server"), /99\.50 s\s+2\.00 s\s+49\.75×/);
  assert.match(row(table, "restore: CLI wall time"), /400\.00 s\s+16\.00 s\s+25\.00×/);
  assert.match(row(table, "restore: watched on the server"), /399\.00 s\s+15\.96 s\s+25\.00×/);
  assert.match(row(table, "backup: objects/s (wall)"), /200\/s\s+8,000\/s/);
  assert.match(row(table, "backup / raw LIST (wall)"), /50\.00×\s+1\.25×\s+Lifeboat ≤ 1\.5×/);
  assert.match(row(table, "backup / raw LIST (watched)"), /49\.75×\s+1\.00×/);
  assert.match(row(table, "server peak RSS"), /300 MiB \(\+ plugin 120\)\s+150 MiB$/);
  assert.match(table, /created in 40\.00 s \(500\/s\)/);
});

test("a side that stopped short shows dashes and its reason, not numbers", () => {
  const r = results();
  r.lifeboat = { error: "the Lifeboat CLI has no `lifeboat backup create` yet" };
  const table = formatTable(r);
  assert.match(row(table, "backup: CLI wall time"), /100\.00 s\s+—\s+—/);
  assert.match(table, /Lifeboat: the Lifeboat CLI has no `lifeboat backup create` yet/);
});
