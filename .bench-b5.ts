import { TarballWriter } from "./src/backup/tarball-writer.ts";
import { ItemWriter } from "./src/backup/item-writer.ts";
import { fixedCatalog } from "./src/kube/test-catalog.ts";
const res = fixedCatalog.byGroupResource("configmaps")!;
const items = Array.from({ length: 20000 }, (_, i) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}`, namespace: `ns-${i % 200}`, uid: crypto.randomUUID(), resourceVersion: String(1000 + i), creationTimestamp: "2026-01-01T00:00:00Z", labels: { bench: "yes" }, managedFields: [{ manager: "kubectl", operation: "Update", apiVersion: "v1", time: "2026-01-01T00:00:00Z", fieldsType: "FieldsV1", fieldsV1: { "f:data": { ".": {}, "f:value": {} } } }] }, data: { value: crypto.randomUUID().repeat(8) } }));
for (let r = 0; r < 3; r++) {
  const t = new TarballWriter(`/tmp/b5-${r}.tar.gz`, new Date());
  const w = new ItemWriter(t);
  const t0 = performance.now();
  for (const it of items) await w.write(res, it);
  const t1 = performance.now();
  await t.finish();
  console.log(`write ${(t1 - t0).toFixed(0)}ms finish ${(performance.now() - t1).toFixed(0)}ms`);
}
