import { KubeConfig } from "@kubernetes/client-node";
import { RestClient } from "./src/kube/rest.ts";
import { forEachLimit } from "./src/util/pool.ts";
const kc = new KubeConfig(); kc.loadFromFile(process.env.KUBECONFIG!);
const ns = process.argv[2]!;
const rest = new RestClient(kc);
const paths = ["pods","services","secrets","serviceaccounts","endpoints","limitranges","resourcequotas","podtemplates","replicationcontrollers","persistentvolumeclaims"].map(r => `/api/v1/namespaces/${ns}/${r}`);
for (let round = 0; round < 3; round++) {
  let t0 = performance.now();
  for (const p of [...paths, ...paths, ...paths]) await rest.get(p, { query: { limit: 500 } });
  const seq = performance.now() - t0;
  t0 = performance.now();
  await forEachLimit([...paths, ...paths, ...paths], 8, async (p) => { await rest.get(p, { query: { limit: 500 } }); });
  const par = performance.now() - t0;
  console.log(`30 sequential ${seq.toFixed(0)}ms, 30 at 8 parallel ${par.toFixed(0)}ms`);
}
