import { KubeConfig } from "@kubernetes/client-node";
import { mkdtempSync } from "node:fs";
import path from "node:path";
import os from "node:os";
import { RestClient } from "./src/kube/rest.ts";
import { runBackup } from "./src/backup/backup.ts";
import { RunLog } from "./src/util/run-log.ts";
import { ResultsCollector } from "./src/util/results.ts";
const kc = new KubeConfig(); kc.loadFromFile(process.env.KUBECONFIG!);
const ns = process.argv[2]!;
const inc = JSON.parse(process.argv[3] ?? "[]");
const conc = Number(process.argv[4] ?? 8);
for (let round = 0; round < 4; round++) {
  const work = mkdtempSync(path.join(os.tmpdir(), "bbench-"));
  const results = new ResultsCollector();
  const log = new RunLog({ file: path.join(work, "log.jsonl"), results });
  const t0 = performance.now();
  const out = await runBackup({ name: "b", uid: "u", includedNamespaces: [ns], excludedNamespaces: [], includedResources: inc, excludedResources: [] }, { rest: new RestClient(kc), workDir: work, log, results, concurrency: conc });
  const b = performance.now() - t0;
  const lines = log.text().split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const t = (m: string) => Date.parse(lines.find((j: any) => j.msg.startsWith(m))?.time) - Date.parse(lines[0].time);
  console.log(`backup ${b.toFixed(0)}ms (${out.itemsBackedUp}) collecting@${t("collecting")} cm@${t("listed configmaps")} done@${t("backup of")}`);
}
