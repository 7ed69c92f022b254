import { KubeConfig } from "@kubernetes/client-node";
import { RestClient } from "./src/kube/rest.ts";
import { TokenBucket } from "./src/kube/rate-limiter.ts";
import { forEachLimit } from "./src/util/pool.ts";
const gc = (globalThis as { gc?: () => void }).gc!;
const kc = new KubeConfig(); kc.loadFromFile(".lifeboat-dev/kubeconfig");
const rest = new RestClient(kc, { limiter: new TokenBucket({ qps: 2000, burst: 2000 }) });
const ns = "mem-raw-" + Math.random().toString(16).slice(2, 8);
await rest.post("/api/v1/namespaces", { metadata: { name: ns } });
const mem = () => { gc(); const m = process.memoryUsage(); return `heap ${Math.round(m.heapUsed / 1048576)} MiB, rss ${Math.round(m.rss / 1048576)} MiB`; };
console.log("before:", mem());
const n = Number(process.argv[2] ?? 1000);
const t = performance.now();
await forEachLimit(Array.from({ length: n }, (_, i) => i), 64, async (i) => {
  await rest.post(`/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: `c-${i}` }, data: { p: "x".repeat(2048) } });
});
console.log(`${n} raw creates in ${((performance.now() - t) / 1000).toFixed(1)} s; after:`, mem());
await rest.delete(`/api/v1/namespaces/${ns}`);
