/**
 * A fake kubelet for one node of the local test cluster: registers the node, keeps its lease,
 * and runs every pod scheduled to it (see pod-worker.ts). Started by `npm run cluster:up`.
 *   node test/cluster/fake-kubelet/main.ts --node-name=node-1 --kubeconfig=… --root-dir=…
 */
import { CoreV1Api, KubeConfig, type V1Pod } from "@kubernetes/client-node";
import { mkdir, readdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { runInformer } from "../informer.ts";
import { NodeRegistration } from "./node-registration.ts";
import { PodWorker } from "./pod-worker.ts";
import { restoreWaitRunner } from "./restore-wait-runner.ts";

const podNetworks: Record<string, string> = { "node-1": "198.51.100", "node-2": "203.0.113" };

const { values } = parseArgs({
  options: {
    "node-name": { type: "string" },
    kubeconfig: { type: "string" },
    "root-dir": { type: "string" },
  },
});
const nodeName = values["node-name"];
const rootDir = values["root-dir"];
if (!nodeName || !values.kubeconfig || !rootDir) {
  console.error("usage: main.ts --node-name=NAME --kubeconfig=FILE --root-dir=DIR");
  process.exit(2);
}
const log = (msg: string): void => console.log(`${new Date().toISOString()} ${nodeName}: ${msg}`);

const kc = new KubeConfig();
kc.loadFromFile(values.kubeconfig);
await mkdir(path.join(rootDir, "pods"), { recursive: true });

const registration = new NodeRegistration(kc, nodeName);
for (;;) {
  try {
    await registration.register();
    break;
  } catch (err) {
    log(`registering the node failed, retrying: ${String(err)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
registration.startHeartbeats(log);
log("node registered");

const worker = new PodWorker({
  kc,
  nodeName,
  rootDir,
  podNetwork: podNetworks[nodeName] ?? "192.0.2",
  initRunner: restoreWaitRunner(rootDir, log),
  log,
});
const core = kc.makeApiClient(CoreV1Api);
const fieldSelector = `spec.nodeName=${nodeName}`;
const pods = runInformer<V1Pod>({
  kc,
  path: "/api/v1/pods",
  list: () => core.listPodForAllNamespaces({ fieldSelector }),
  fieldSelector,
  resyncMs: 3000,
  onObject: (pod) => worker.handle(pod),
  log,
});

const orphanSweep = setInterval(() => {
  const live = new Set(pods.list().map((p) => p.metadata?.uid ?? ""));
  if (live.size === 0) return; // not synced yet, or nothing to compare against
  void readdir(path.join(rootDir, "pods"))
    .then((dirs) => worker.removeOrphans(live, dirs))
    .catch((err: unknown) => log(`orphan sweep failed: ${String(err)}`));
}, 30_000);

const shutdown = (): void => {
  clearInterval(orphanSweep);
  registration.stop();
  void pods.stop().finally(() => process.exit(0));
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
