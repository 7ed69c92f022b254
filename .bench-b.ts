import { KubeConfig } from "@kubernetes/client-node";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import os from "node:os";
import { RestClient } from "./src/kube/rest.ts";
import { TokenBucket } from "./src/kube/rate-limiter.ts";
import { runBackup } from "./src/backup/backup.ts";
import { RunLog } from "./src/util/run-log.ts";
import { ResultsCollector } from "./src/util/results.ts";
const kc = new KubeConfig(); kc.loadFromFile(process.env.KUBECONFIG!);
const ns = process.argv[2]!;
const fast = new RestClient(kc, { limiter: new TokenBucket({ qps: 2000, burst: 2000 }) });
if (process.argv[3] === "create") {
  await fast.post("/api/v1/namespaces", { metadata: { name: ns } });
  let next = 0;
  await Promise.all(Array.from({ length: 32 }, async () => { while (next < 2000) { const i = next++; await fast.post(`/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: `cm-${i}` }, data: { value: "x".repeat(256) } }); } }));
}
for (let round = 0; round < 3; round++) {
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
  console.log(`raw ${raw.toFixed(0)}ms (${listed}) backup ${b.toFixed(0)}ms (${out.itemsBackedUp}) ratio ${(b / raw).toFixed(2)}`);
  if (round === 2) console.log(log.text().split("\n").filter(l => !l.includes('"items":0')).map(l => { try { const j = JSON.parse(l); return `${j.time.slice(17)} ${j.msg} ${j.items ?? ""}`; } catch { return l; } }).join("\n"));
}
