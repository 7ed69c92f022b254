// Creates 200 namespaces bb-NNN with 50 ConfigMaps + 50 Secrets each (20k objects), for tuning.
import { KubeConfig } from "@kubernetes/client-node";
import { RestClient } from "./src/kube/rest.ts";
import { TokenBucket } from "./src/kube/rate-limiter.ts";
const kc = new KubeConfig(); kc.loadFromFile(process.env.KUBECONFIG!);
const fast = new RestClient(kc, { limiter: new TokenBucket({ qps: 5000, burst: 5000 }) });
const jobs: (() => Promise<unknown>)[] = [];
for (let n = 0; n < 200; n++) {
  const ns = `bb-${String(n).padStart(3, "0")}`;
  await fast.post("/api/v1/namespaces", { metadata: { name: ns } }).catch(() => undefined);
  for (let i = 0; i < 50; i++) {
    jobs.push(() => fast.post(`/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: `cm-${i}`, labels: { bench: "yes" } }, data: { value: "x".repeat(200) + i } }).catch(() => undefined));
    jobs.push(() => fast.post(`/api/v1/namespaces/${ns}/secrets`, { metadata: { name: `s-${i}`, labels: { bench: "yes" } }, stringData: { value: "y".repeat(100) + i } }).catch(() => undefined));
  }
}
let next = 0; const t0 = Date.now();
await Promise.all(Array.from({ length: 64 }, async () => { while (next < jobs.length) await jobs[next++]!(); }));
console.log("created", jobs.length, "in", Date.now() - t0, "ms");
