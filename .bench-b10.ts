import { TarballWriter } from "./src/backup/tarball-writer.ts";
import { ItemWriter } from "./src/backup/item-writer.ts";
import { ItemBackupper } from "./src/backup/item-backupper.ts";
import { ProgressReporter } from "./src/backup/progress.ts";
import { NamespaceFilter } from "./src/filters/namespace-filter.ts";
import { ResourceFilter } from "./src/filters/resource-filter.ts";
import { fixedCatalog } from "./src/kube/test-catalog.ts";
import { RunLog } from "./src/util/run-log.ts";
const res = fixedCatalog.byGroupResource("configmaps")!;
const mk = () => Array.from({ length: 20000 }, (_, i) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}`, namespace: `bb-${String(i % 200).padStart(3, "0")}`, uid: crypto.randomUUID(), resourceVersion: String(1000 + i), creationTimestamp: "2026-01-01T00:00:00Z", labels: { bench: "yes" }, managedFields: [{ manager: "kubectl", operation: "Update", apiVersion: "v1", time: "2026-01-01T00:00:00Z", fieldsType: "FieldsV1", fieldsV1: { "f:data": { ".": {}, "f:value": {} } } }] }, data: { value: "x".repeat(200) + i } }));
for (let r = 0; r < 4; r++) {
  const items = mk();
  const t = new TarballWriter(`/tmp/b10.tar.gz`, new Date());
  const writer = new ItemWriter(t);
  const log = new RunLog({ file: "/tmp/b10.log" });
  const b = new ItemBackupper({ catalog: fixedCatalog, dyn: {} as any, namespaces: new NamespaceFilter(["bb-*"], []), resources: new ResourceFilter(fixedCatalog, [], []), clusterMode: "related", writer, progress: new ProgressReporter(() => {}, () => new Date()), log });
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (const it of items) await b.backupListed(res, it);
  await t.finish();
  const cpu = process.cpuUsage(c0);
  console.log(`20k items: wall ${(performance.now() - t0).toFixed(0)}ms cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)}ms`);
}
