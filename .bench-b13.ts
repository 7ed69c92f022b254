import { randomBytes } from "node:crypto";
import { TarballWriter } from "./src/backup/tarball-writer.ts";
import { ItemWriter } from "./src/backup/item-writer.ts";
import { fixedCatalog } from "./src/kube/test-catalog.ts";
const res = fixedCatalog.byGroupResource("configmaps")!;
const mk = () => Array.from({ length: 20000 }, (_, i) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `item-${i}`, namespace: `bench-${String(i % 200).padStart(4, "0")}`, uid: crypto.randomUUID(), resourceVersion: String(1000 + i), creationTimestamp: "2026-01-01T00:00:00Z", labels: { "bench.lifeboat.dev/set": "resources" }, managedFields: [{ manager: "bench", operation: "Update", apiVersion: "v1", time: "2026-01-01T00:00:00Z", fieldsType: "FieldsV1", fieldsV1: { "f:data": { ".": {}, "f:payload": {} } } }] }, data: { payload: randomBytes(768).toString("base64") } }));
for (let r = 0; r < 3; r++) {
  const items = mk();
  const t = new TarballWriter(`/tmp/b13.tar.gz`, new Date());
  const w = new ItemWriter(t);
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (const it of items) await w.write(res, it);
  const size = await t.finish();
  const cpu = process.cpuUsage(c0);
  console.log(`wall ${(performance.now() - t0).toFixed(0)}ms cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)}ms size ${(size / 1e6).toFixed(1)}MB`);
}
