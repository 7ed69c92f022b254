// Raw paginated LIST (configmaps then secrets, cluster-wide) vs runBackup of bb-* namespaces.
import { KubeConfig } from "@kubernetes/client-node";
import { mkdtempSync, rmSync } from "node:fs";
import path from "node:path";
import os from "node:os";
import { RestClient } from "./src/kube/rest.ts";
import { runBackup } from "./src/backup/backup.ts";
import { RunLog } from "./src/util/run-log.ts";
import { ResultsCollector } from "./src/util/results.ts";
const kc = new KubeConfig(); kc.loadFromFile(process.env.KUBECONFIG!);
const inc = JSON.parse(process.argv[2] ?? '["bb-*"]');
if (process.argv[3] === "reuse") {
  const orig = (kc as any).createDispatcher.bind(kc);
  let cached: unknown;
  (kc as any).createDispatcher = (c: unknown, o: unknown) => (cached ??= orig(c, o));
}
for (let round = 0; round < 3; round++) {
  const rest = new RestClient(kc);
  let t0 = performance.now(); let listed = 0;
  for (const r of ["configmaps", "secrets"]) {
    let token: string | undefined;
    do { const page = await rest.get<any>(`/api/v1/${r}`, { query: { limit: 500, continue: token } }); listed += page.items.length; token = page.metadata.continue || undefined; } while (token);
  }
  const raw = performance.now() - t0;
  const work = mkdtempSync(path.join(os.tmpdir(), "bbench-"));
  const results = new ResultsCollector();
  const log = new RunLog({ file: path.join(work, "log.jsonl"), results });
  t0 = performance.now();
  const rss0 = process.memoryUsage().rss;
  let peak = 0; const iv = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  const out = await runBackup({ name: "b", uid: "u", includedNamespaces: inc, excludedNamespaces: [], includedResources: [], excludedResources: [] }, { rest: new RestClient(kc), workDir: work, log, results });
  clearInterval(iv);
  const b = performance.now() - t0;
  console.log(`raw ${raw.toFixed(0)}ms (${listed}) backup ${b.toFixed(0)}ms (${out.itemsBackedUp}, ${(out.tarballBytes/1e6).toFixed(1)} MB) ratio ${(b / raw).toFixed(2)} rss ${(rss0/1e6).toFixed(0)}→peak ${(peak/1e6).toFixed(0)} MB errors ${results.errorCount}`);
  rmSync(work, { recursive: true });
}
