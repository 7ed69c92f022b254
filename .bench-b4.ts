// Experiment: the same runs with one cached undici dispatcher (connection reuse), to quantify the per-request TLS cost.
import { KubeConfig } from "@kubernetes/client-node";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import os from "node:os";
import { RestClient } from "./src/kube/rest.ts";
import { runBackup } from "./src/backup/backup.ts";
import { RunLog } from "./src/util/run-log.ts";
import { ResultsCollector } from "./src/util/results.ts";
const kc = new KubeConfig(); kc.loadFromFile(process.env.KUBECONFIG!);
if (process.argv[3] === "reuse") {
  const orig = (kc as any).createDispatcher.bind(kc);
  let cached: unknown;
  (kc as any).createDispatcher = (c: unknown, o: unknown) => (cached ??= orig(c, o));
}
const ns = process.argv[2]!;
for (let round = 0; round < 4; round++) {
  const rest = new RestClient(kc);
  let t0 = performance.now(); let listed = 0; let token: string | undefined;
  do { const page = await rest.get<any>(`/api/v1/namespaces/${ns}/configmaps`, { query: { limit: 500, continue: token } }); listed += page.items.length; token = page.metadata.continue || undefined; } while (token);
  const raw = performance.now() - t0;
  const work = mkdtempSync(path.join(os.tmpdir(), "bbench-"));
  const results = new ResultsCollector();
  const log = new RunLog({ file: path.join(work, "log.jsonl"), results });
  t0 = performance.now();
  const out = await runBackup({ name: "b", uid: "u", includedNamespaces: [ns], excludedNamespaces: [], includedResources: [], excludedResources: [] }, { rest: new RestClient(kc), workDir: work, log, results });
  const b = performance.now() - t0;
  console.log(`${process.argv[3] ?? "fresh"}: raw ${raw.toFixed(0)}ms backup ${b.toFixed(0)}ms (${out.itemsBackedUp}) ratio ${(b / raw).toFixed(2)}`);
}
