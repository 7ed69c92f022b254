/**
 * Runs the hostpath provisioner for the local test cluster (started by `npm run cluster:up`).
 *   node test/cluster/hostpath-provisioner/main.ts --kubeconfig=FILE --nodes-dir=DIR
 */
import { CoreV1Api, KubeConfig, type V1PersistentVolume, type V1PersistentVolumeClaim } from "@kubernetes/client-node";
import { parseArgs } from "node:util";
import { runInformer } from "../informer.ts";
import { HostpathProvisioner } from "./provisioner.ts";

const { values } = parseArgs({
  options: { kubeconfig: { type: "string" }, "nodes-dir": { type: "string" } },
});
if (!values.kubeconfig || !values["nodes-dir"]) {
  console.error("usage: main.ts --kubeconfig=FILE --nodes-dir=DIR");
  process.exit(2);
}
const log = (msg: string): void => console.log(`${new Date().toISOString()} hostpath-provisioner: ${msg}`);
const kc = new KubeConfig();
kc.loadFromFile(values.kubeconfig);
const core = kc.makeApiClient(CoreV1Api);
const provisioner = new HostpathProvisioner(kc, values["nodes-dir"], log);
const report = (what: string) => (err: unknown) => log(`${what}: ${String(err)}`);

const claims = runInformer<V1PersistentVolumeClaim>({
  kc,
  path: "/api/v1/persistentvolumeclaims",
  list: () => core.listPersistentVolumeClaimForAllNamespaces(),
  resyncMs: 5000,
  onObject: (pvc) => void provisioner.onClaim(pvc).catch(report(`claim ${pvc.metadata?.name ?? ""}`)),
  log,
});
const volumes = runInformer<V1PersistentVolume>({
  kc,
  path: "/api/v1/persistentvolumes",
  list: () => core.listPersistentVolume(),
  resyncMs: 5000,
  onObject: (pv) => void provisioner.onVolume(pv).catch(report(`volume ${pv.metadata?.name ?? ""}`)),
  log,
});
log("running");

const shutdown = (): void => {
  void Promise.all([claims.stop(), volumes.stop()]).finally(() => process.exit(0));
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
