/**
 * Pod volume backups that cannot succeed end the backup PartiallyFailed with the pod and volume
 * named, never hanging and never silently skipped: a node agent killed mid-volume (the server
 * fails the stalled PodVolumeBackup after --pod-volume-stall-timeout, 30 s in the dev setup),
 * and an annotated pod that is not Running.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { open } from "node:fs/promises";
import { useCluster, type TestCluster } from "../cluster/harness.ts";
import { lifeboatCli, useLifeboat, type LifeboatInfo } from "../cluster/lifeboat.ts";
import { nodeAgentName, startNodeAgents } from "../cluster/node-agents.ts";
import { runningPid } from "../cluster/processes.ts";
import { apply } from "../support/workload.ts";

const ns = `e2e-pvfail-${randomBytes(3).toString("hex")}`;
let cluster: TestCluster;
let lifeboat: LifeboatInfo;

interface Status {
  phase?: string;
  errors?: number;
  podVolumeBackups?: { attempted?: number; failed?: number };
}

const backupStatus = async (name: string): Promise<Status> =>
  (
    JSON.parse(await cluster.kubectl(["-n", "lifeboat", "get", "backups.lifeboat.dev", name, "-o", "json"])) as {
      status?: Status;
    }
  ).status ?? {};

async function untilFinished(name: string, timeoutMs: number): Promise<Status> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await backupStatus(name);
    if (["Completed", "PartiallyFailed", "Failed", "FailedValidation"].includes(status.phase ?? "")) return status;
    assert.ok(Date.now() < deadline, `backup ${name} still ${status.phase ?? "New"}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

before(async () => {
  cluster = await useCluster();
  lifeboat = await useLifeboat();
  await cluster.kubectl(["create", "namespace", ns]);
});

after(async () => {
  await startNodeAgents(lifeboat, { namespace: "lifeboat" });
  await cluster.kubectl(["delete", "namespace", ns, "--wait=false"]).catch(() => "");
});

test("a node agent killed mid-volume: the server fails the stalled volume and the backup says which", async () => {
  await apply(
    cluster,
    `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: big, namespace: ${ns}}
spec:
  serviceName: big
  replicas: 1
  selector: {matchLabels: {app: big}}
  template:
    metadata: {labels: {app: big}, annotations: {backup.lifeboat.dev/backup-volumes: data}}
    spec: {containers: [{name: app, image: app:1, volumeMounts: [{name: data, mountPath: /data}]}]}
  volumeClaimTemplates:
    - metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`,
  );
  await cluster.kubectl(["-n", ns, "rollout", "status", "statefulset/big", "--timeout=120s"]);
  const folder = await cluster.volumePath(ns, "big-0", "data");
  const file = await open(`${folder}/big.bin`, "w");
  for (let i = 0; i < 96; i++) await file.write(randomBytes(8 * 1024 * 1024));
  await file.close();
  const node = (await cluster.kubectl(["-n", ns, "get", "pod", "big-0", "-o", "jsonpath={.spec.nodeName}"])).trim();

  const backup = `${ns}-killed`;
  await lifeboatCli(lifeboat.kubeconfig, ["backup", "create", backup, "--include-namespaces", ns]);
  for (let i = 0; ; i++) {
    const out = await cluster.kubectl([
      "-n",
      "lifeboat",
      "get",
      "podvolumebackups.lifeboat.dev",
      "-l",
      `lifeboat.dev/backup-name=${backup}`,
      "-o",
      "jsonpath={.items[*].status.phase}",
    ]);
    if (out.includes("InProgress")) break;
    assert.ok(!/Completed|Failed/.test(out), `the volume finished (${out}) before the agent could be killed`);
    assert.ok(i < 600, "the volume backup never started");
    await new Promise((r) => setTimeout(r, 50));
  }
  const pid = runningPid(nodeAgentName(node));
  assert.ok(pid, `no node agent on ${node}`);
  process.kill(-pid, "SIGKILL");

  const status = await untilFinished(backup, 180_000);
  assert.equal(status.phase, "PartiallyFailed");
  assert.equal(status.podVolumeBackups?.failed, 1);
  const describe = await lifeboatCli(lifeboat.kubeconfig, ["backup", "describe", backup, "--details"]);
  assert.match(describe, new RegExp(`pod ${ns}/big-0 volume data: pod volume backup Failed: no progress for 30 s`));
});

test("an annotated pod that is not Running is an error of the backup, naming pod and volume", async () => {
  await apply(
    cluster,
    `
apiVersion: v1
kind: Pod
metadata: {name: stuck, namespace: ${ns}, annotations: {backup.lifeboat.dev/backup-volumes: scratch}}
spec:
  nodeSelector: {no-such-label: "true"}
  containers: [{name: app, image: app:1, volumeMounts: [{name: scratch, mountPath: /scratch}]}]
  volumes: [{name: scratch, emptyDir: {}}]
`,
  );
  const backup = `${ns}-stuck`;
  await lifeboatCli(lifeboat.kubeconfig, [
    "backup",
    "create",
    backup,
    "--include-namespaces",
    ns,
    "--include-resources",
    "pods",
    "-l",
    "!app",
  ]);
  const status = await untilFinished(backup, 120_000);
  assert.equal(status.phase, "PartiallyFailed");
  const describe = await lifeboatCli(lifeboat.kubeconfig, ["backup", "describe", backup, "--details"]);
  assert.match(describe, new RegExp(`pod ${ns}/stuck: volumes scratch not backed up`));
});
