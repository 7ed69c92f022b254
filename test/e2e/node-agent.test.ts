/**
 * The node agent end to end, on the real cluster, MinIO and stock restic. The test brings its
 * own fake node (a tainted `lbna-<suffix>` running the fake kubelet from this checkout, so
 * restore-wait runs the current code and nobody else's pods land there), its own install
 * namespace (so an agent of `npm run lifeboat:up` never sees its objects), its own storage
 * location with a random prefix, and node agents for its node and for node-1 (which must leave
 * the other node's work alone).
 *
 * It proves: a PVB → Completed with a snapshot that stock restic lists with the tags and restores
 * to identical files; a second PVB after changing one file uploads little and names its parent;
 * a PVR into a new pod (new claim, new volume) with a restore-wait init container restores
 * byte-identical files, and the pod leaves Init only after the marker; the password is made once
 * under concurrency and printed by `lifeboat repo password --show`; a bad PVB fails with the
 * reason; cancel stops a running backup; an agent killed mid-backup leaves a PVB that its
 * successor marks Failed.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { execFile } from "node:child_process";
import type { V1Pod } from "@kubernetes/client-node";
import { backupRepositoryDefinition } from "../../src/api/backup-repository.ts";
import { backupStorageLocationDefinition, type BackupStorageLocation } from "../../src/api/backup-storage-location.ts";
import { apiVersion, labels } from "../../src/api/group.ts";
import { podVolumeBackupDefinition, type PodVolumeBackup } from "../../src/api/pod-volume-backup.ts";
import { podVolumeRestoreDefinition, type PodVolumeRestore } from "../../src/api/pod-volume-restore.ts";
import { lifeboatClient } from "../../src/kube/resource-client.ts";
import { RestClient } from "../../src/kube/rest.ts";
import { startNodeAgent, type NodeAgentOptions, type RunningNodeAgent } from "../../src/node-agent.ts";
import { ensureRepositoryPassword, passwordSecretName } from "../../src/podvolume/repository-password.ts";
import { repositoryIdentifier } from "../../src/podvolume/repository-store.ts";
import { restoreWaitContainer } from "../../src/podvolume/restore-wait.ts";
import { openClusterBucket } from "../support/cluster-bucket.ts";
import { useCluster, type TestCluster } from "../cluster/harness.ts";
import { adminKubeconfig, dirs, kubeletRoot, repoRoot } from "../cluster/paths.ts";
import { assertSameTree, makeSampleTree } from "../support/tree-snapshot.ts";
import { apply } from "../support/workload.ts";

const run = promisify(execFile);
const suffix = randomBytes(3).toString("hex");
const node = `lbna-${suffix}`;
const taintKey = "lifeboat.dev/e2e-node-agent";
const installNs = `e2e-lbna-sys-${suffix}`;
const appNs = `e2e-lbna-app-${suffix}`;
const bucketPrefix = `e2e-node-agent-${suffix}`;
const locationName = "volumes";

let cluster: TestCluster;
let rest: RestClient;
let location: BackupStorageLocation;
let kubelet: ChildProcess | undefined;
const agents = new Map<string, RunningNodeAgent>();
let scratch: string;

const pvbs = () => lifeboatClient(rest, podVolumeBackupDefinition, installNs);
const pvrs = () => lifeboatClient(rest, podVolumeRestoreDefinition, installNs);

function agentOptions(nodeName: string): NodeAgentOptions {
  return {
    nodeName,
    hostPods: path.join(kubeletRoot(nodeName), "pods"),
    kubeconfig: adminKubeconfig,
    namespace: installNs,
    concurrency: 2,
    metricsAddress: "127.0.0.1:0",
    logLevel: process.env["LIFEBOAT_E2E_LOG"] ?? "warn",
    clientQps: 50,
    clientBurst: 100,
    podWaitTimeoutMs: 120_000,
  };
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 120_000,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ""}`);
}

async function finished(name: string): Promise<PodVolumeBackup> {
  return until(`PVB ${name} to finish`, async () => {
    const pvb = await pvbs().get(name);
    return ["Completed", "Failed", "Canceled"].includes(pvb.status?.phase ?? "") ? pvb : undefined;
  });
}

async function readPod(name: string): Promise<V1Pod> {
  return rest.get<V1Pod>(`/api/v1/namespaces/${appNs}/pods/${name}`);
}

async function createNamespace(name: string): Promise<void> {
  await rest.post("/api/v1/namespaces", { metadata: { name } });
}

/** A node only this test's pods tolerate, run by the fake kubelet of this checkout. */
async function startPrivateNode(): Promise<void> {
  await rest.post("/api/v1/nodes", {
    metadata: {
      name: node,
      labels: { "kubernetes.io/hostname": node, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64" },
      annotations: { "lifeboat.dev/fake-node": "true" },
    },
    spec: { taints: [{ key: taintKey, value: suffix, effect: "NoSchedule" }] },
  });
  await mkdir(dirs.logs, { recursive: true });
  const log = createWriteStream(path.join(dirs.logs, `fake-kubelet-${node}.log`), { flags: "a" });
  kubelet = spawn(
    process.execPath,
    [
      path.join(repoRoot, "test", "cluster", "fake-kubelet", "main.ts"),
      `--node-name=${node}`,
      `--kubeconfig=${adminKubeconfig}`,
      `--root-dir=${kubeletRoot(node)}`,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  kubelet.stdout?.pipe(log);
  kubelet.stderr?.pipe(log);
  await until("the private node to be Ready", async () => {
    const n = await rest.get<{ status?: { conditions?: { type: string; status: string }[] } }>(`/api/v1/nodes/${node}`);
    return n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ? true : undefined;
  });
}

const placement = `
      nodeSelector: {kubernetes.io/hostname: ${node}}
      tolerations: [{key: ${taintKey}, operator: Exists, effect: NoSchedule}]`;

async function createLocation(): Promise<void> {
  const credentials = `[default]\naws_access_key_id = ${cluster.s3.accessKey}\naws_secret_access_key = ${cluster.s3.secretKey}\n`;
  await rest.post(`/api/v1/namespaces/${installNs}/secrets`, {
    metadata: { name: "cloud-credentials" },
    data: { cloud: Buffer.from(credentials).toString("base64") },
  });
  location = await lifeboatClient(rest, backupStorageLocationDefinition, installNs).create({
    apiVersion,
    kind: "BackupStorageLocation",
    metadata: { name: locationName },
    spec: {
      provider: "aws",
      objectStorage: { bucket: cluster.s3.bucket, prefix: bucketPrefix },
      config: { region: "minio", s3ForcePathStyle: "true", s3Url: cluster.s3.endpoint },
      credential: { name: "cloud-credentials", key: "cloud" },
    },
  });
}

before(async () => {
  cluster = await useCluster();
  rest = new RestClient(cluster.kc);
  scratch = await mkdtemp(path.join(tmpdir(), "lifeboat-e2e-node-agent-"));
  await createNamespace(installNs);
  await createNamespace(appNs);
  await startPrivateNode();
  await createLocation();
  for (const n of [node, "node-1"]) agents.set(n, await startNodeAgent(agentOptions(n)));
});

async function deleteBucketPrefix(): Promise<void> {
  const store = openClusterBucket(cluster.s3, bucketPrefix, "e2e-cleanup");
  const keys: string[] = [];
  for await (const entry of store.list()) if (entry.kind === "object") keys.push(entry.object.key);
  await store.deleteMany(keys);
}

after(async () => {
  for (const agent of agents.values()) await agent.stop().catch(() => undefined);
  await cluster.kubectl(["delete", "namespace", appNs, "--wait=true", "--timeout=120s"]).catch(() => "");
  await cluster.kubectl(["delete", "namespace", installNs, "--wait=false"]).catch(() => "");
  if (kubelet?.pid) kubelet.kill("SIGTERM");
  await rest.delete(`/api/v1/nodes/${node}`).catch(() => undefined);
  await rm(path.join(dirs.nodes, node), { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
  await deleteBucketPrefix().catch(() => undefined);
});

async function restic(password: string, args: string[]): Promise<string> {
  const repo = `s3:${cluster.s3.endpoint}/${cluster.s3.bucket}/${bucketPrefix}/restic/${appNs}`;
  const { stdout } = await run(cluster.binary("restic"), ["-r", repo, ...args], {
    env: {
      ...process.env,
      RESTIC_PASSWORD: password,
      AWS_ACCESS_KEY_ID: cluster.s3.accessKey,
      AWS_SECRET_ACCESS_KEY: cluster.s3.secretKey,
      RESTIC_CACHE_DIR: path.join(scratch, "restic-cache"),
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

async function passwordFromSecret(): Promise<string> {
  const secret = await rest.get<{ data: Record<string, string> }>(
    `/api/v1/namespaces/${installNs}/secrets/${passwordSecretName}`,
  );
  return Buffer.from(secret.data[locationName] ?? "", "base64").toString("utf8");
}

async function createPvb(name: string, pod: V1Pod, volume: string, backup: string): Promise<void> {
  await pvbs().create({
    apiVersion,
    kind: "PodVolumeBackup",
    metadata: { name, labels: { [labels.backupName]: backup, [labels.backupUid]: `${backup}-uid` } },
    spec: {
      node: pod.spec?.nodeName ?? "",
      pod: { kind: "Pod", namespace: appNs, name: pod.metadata?.name ?? "", uid: pod.metadata?.uid ?? "" },
      volume,
      backupStorageLocation: locationName,
      repoIdentifier: repositoryIdentifier(location, appNs),
    },
  });
}

const statefulSet = `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: ${appNs}}
spec:
  serviceName: db
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata:
      labels: {app: db}
      annotations: {backup.lifeboat.dev/backup-volumes: data}
    spec:${placement}
      containers: [{name: db, image: couchdb:3, volumeMounts: [{name: data, mountPath: /data}]}]
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], storageClassName: lifeboat-hostpath, resources: {requests: {storage: 1Gi}}}
`;

let firstSnapshot = "";
let secondSnapshot = "";
let expectedTree = "";

test("the repository password is made once, whoever asks at the same time", async () => {
  const passwords = await Promise.all(
    Array.from({ length: 12 }, () => ensureRepositoryPassword(rest, installNs, "race")),
  );
  assert.equal(new Set(passwords).size, 1);
  assert.match(passwords[0] ?? "", /^[A-Za-z0-9_-]{43}$/);
  // a second location gets its own, and the first is kept
  const other = await ensureRepositoryPassword(rest, installNs, "race-2");
  assert.notEqual(other, passwords[0]);
  assert.equal(await ensureRepositoryPassword(rest, installNs, "race"), passwords[0]);
});

test("a PVB backs the pod's volume up; stock restic lists it with its tags and restores the same files", async () => {
  await apply(cluster, statefulSet);
  await cluster.kubectl(["-n", appNs, "wait", "pod/db-0", "--for=condition=Ready", "--timeout=120s"]);
  const pod = await readPod("db-0");
  assert.equal(pod.spec?.nodeName, node);
  const volume = await cluster.volumePath(appNs, "db-0", "data");
  makeSampleTree(volume);
  const started = Date.now();
  await createPvb("db-0-data-1", pod, "data", "nightly-1");
  const pvb = await finished("db-0-data-1");
  const seconds = (Date.now() - started) / 1000;
  assert.equal(pvb.status?.phase, "Completed", pvb.status?.message);
  firstSnapshot = pvb.status?.snapshotID ?? "";
  assert.match(firstSnapshot, /^[0-9a-f]{64}$/);
  const total = pvb.status?.progress?.totalBytes ?? 0;
  assert.ok(total > 3 * 1024 * 1024, `totalBytes ${total}`);
  assert.equal(pvb.status?.progress?.bytesDone, total);
  assert.ok((pvb.status?.incrementalBytes ?? 0) > 3 * 1024 * 1024 * 0.9, `uploaded ${pvb.status?.incrementalBytes}`);
  assert.ok(pvb.status?.startTimestamp && pvb.status.completionTimestamp);
  const dataPath = pvb.status?.path ?? "";
  assert.ok(dataPath.endsWith(path.join("volumes", `${(await readClaimUid("data-db-0")).pv}`)), dataPath);
  process.stderr.write(
    `[node-agent] first backup: ${total} bytes in ${seconds.toFixed(1)} s, uploaded ${pvb.status?.incrementalBytes}\n`,
  );

  await checkRepositoryWithRestic(pod, volume);
});

/** The BackupRepository is Ready, and stock restic opens the repository with the password from the cluster. */
async function checkRepositoryWithRestic(pod: V1Pod, volume: string): Promise<void> {
  const repo = await lifeboatClient(rest, backupRepositoryDefinition, installNs).get(`${appNs}-${locationName}`);
  assert.equal(repo.status?.phase, "Ready");
  assert.equal(repo.spec.repositoryIdentifier, repositoryIdentifier(location, appNs));
  assert.equal(repo.metadata.labels?.[labels.volumeNamespace], appNs);

  const password = await passwordFromSecret();
  assert.match(password, /^[A-Za-z0-9_-]{43}$/);
  const cliPassword = await run(process.execPath, [
    path.join(repoRoot, "bin", "lifeboat.js"),
    "repo",
    "password",
    "--show",
    "--storage-location",
    locationName,
    "-n",
    installNs,
    "--kubeconfig",
    adminKubeconfig,
  ]);
  assert.equal(cliPassword.stdout.trim(), password);

  const snapshots = JSON.parse(await restic(password, ["snapshots", "--json"])) as {
    id: string;
    tags: string[];
    paths: string[];
    hostname: string;
  }[];
  const snap = snapshots.find((s) => s.id === firstSnapshot);
  assert.ok(snap, `restic does not list ${firstSnapshot}`);
  const { uid: pvcUid } = await readClaimUid("data-db-0");
  for (const tag of [
    "backup=nightly-1",
    `ns=${appNs}`,
    "pod=db-0",
    "volume=data",
    `pvc-uid=${pvcUid}`,
    `pod-uid=${pod.metadata?.uid}`,
  ]) {
    assert.ok(snap.tags.includes(tag), `tag ${tag} missing from ${snap.tags.join(",")}`);
  }
  assert.equal(snap.hostname, "lifeboat");
  const target = path.join(scratch, "restic-restore-1");
  await restic(password, ["restore", `${firstSnapshot}:${snap.paths[0]}`, "--target", target]);
  assertSameTree(target, volume);
}

async function readClaimUid(claim: string): Promise<{ uid: string; pv: string }> {
  const pvc = await rest.get<{ metadata: { uid: string }; spec: { volumeName?: string } }>(
    `/api/v1/namespaces/${appNs}/persistentvolumeclaims/${claim}`,
  );
  return { uid: pvc.metadata.uid, pv: pvc.spec.volumeName ?? "" };
}

test("a second PVB after changing one file is incremental: parent used, little uploaded", async () => {
  const pod = await readPod("db-0");
  const volume = await cluster.volumePath(appNs, "db-0", "data");
  await writeFile(path.join(volume, "data", "nested", "small.txt"), "changed after the first backup\n");
  await createPvb("db-0-data-2", pod, "data", "nightly-2");
  const pvb = await finished("db-0-data-2");
  assert.equal(pvb.status?.phase, "Completed", pvb.status?.message);
  secondSnapshot = pvb.status?.snapshotID ?? "";
  assert.notEqual(secondSnapshot, firstSnapshot);
  assert.ok((pvb.status?.incrementalBytes ?? Infinity) < 64 * 1024, `uploaded ${pvb.status?.incrementalBytes}`);
  assert.match(pvb.status?.message ?? "", new RegExp(`parent ${firstSnapshot.slice(0, 8)}`));
  assert.match(pvb.status?.message ?? "", /1 changed/);
  const snapshots = JSON.parse(await restic(await passwordFromSecret(), ["snapshots", "--json"])) as {
    id: string;
    parent?: string;
  }[];
  assert.equal(snapshots.find((s) => s.id === secondSnapshot)?.parent, firstSnapshot);
  process.stderr.write(`[node-agent] second backup uploaded ${pvb.status?.incrementalBytes} bytes\n`);
  expectedTree = path.join(scratch, "expected-2");
  await restic(await passwordFromSecret(), [
    "restore",
    `${secondSnapshot}:${pvb.status?.path ?? ""}`,
    "--target",
    expectedTree,
  ]);
  assertSameTree(expectedTree, volume);
});

async function metricsOf(nodeName: string): Promise<string> {
  const res = await fetch(`http://${agents.get(nodeName)?.metricsAddress ?? ""}/metrics`);
  return res.text();
}

test("a PVR restores into a new pod's new volume; the pod leaves Init only after the marker", async () => {
  assert.ok(secondSnapshot, "needs the second backup");
  await cluster.kubectl(["-n", appNs, "delete", "statefulset", "db", "--wait=true"]);
  await until("pod db-0 to go", async () => (await readPod("db-0").catch(() => undefined)) === undefined || undefined);
  await cluster.kubectl(["-n", appNs, "delete", "pvc", "data-db-0", "--wait=true", "--timeout=60s"]);
  const restoreUid = randomUUID();
  const wait = restoreWaitContainer({ image: "lifeboat:dev", restoreUid, volumes: ["data"] });
  await apply(
    cluster,
    `
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data-db-0, namespace: ${appNs}}
spec: {accessModes: [ReadWriteOnce], storageClassName: lifeboat-hostpath, resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
kind: Pod
metadata: {name: db-0, namespace: ${appNs}, labels: {app: db}}
spec:${placement.replace(/\n {6}/g, "\n  ")}
  initContainers: [${JSON.stringify(wait)}]
  containers: [{name: db, image: couchdb:3, volumeMounts: [{name: data, mountPath: /data}]}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: data-db-0}}]
`,
  );
  // the pod is scheduled and its volume mounted, but restore-wait holds it in Init
  const waiting = await until("the new pod to be held by restore-wait", async () => {
    const pod = await readPod("db-0");
    return pod.status?.initContainerStatuses?.[0]?.state?.running ? pod : undefined;
  });
  await sleep(4000); // more than a fake-kubelet pass: it must still be waiting
  const held = await readPod("db-0");
  assert.equal(held.status?.phase, "Pending");
  assert.ok(held.status?.initContainerStatuses?.[0]?.state?.running, "restore-wait is running");
  assert.ok(held.status?.containerStatuses?.[0]?.state?.waiting, "the app container has not started");
  const newClaim = await readClaimUid("data-db-0");
  const newVolume = await cluster.volumePath(appNs, "db-0", "data");
  assert.equal(existsSync(path.join(newVolume, "data")), false, "the new volume starts empty");

  await pvrs().create({
    apiVersion,
    kind: "PodVolumeRestore",
    metadata: { name: `db-0-data-${suffix}`, labels: { [labels.restoreUid]: restoreUid } },
    spec: {
      pod: { kind: "Pod", namespace: appNs, name: "db-0", uid: waiting.metadata?.uid ?? "" },
      volume: "data",
      backupStorageLocation: locationName,
      repoIdentifier: repositoryIdentifier(location, appNs),
      snapshotID: secondSnapshot,
      sourceNamespace: appNs,
    },
  });
  const pvr = await until("the PVR to finish", async () => {
    const r: PodVolumeRestore = await pvrs().get(`db-0-data-${suffix}`);
    return ["Completed", "Failed", "Canceled"].includes(r.status?.phase ?? "") ? r : undefined;
  });
  assert.equal(pvr.status?.phase, "Completed", pvr.status?.message);
  assert.ok((pvr.status?.progress?.bytesDone ?? 0) > 3 * 1024 * 1024);
  await cluster.kubectl(["-n", appNs, "wait", "pod/db-0", "--for=condition=Ready", "--timeout=60s"]);
  const runningPod = await readPod("db-0");
  assert.equal(runningPod.status?.phase, "Running");
  assert.equal(runningPod.metadata?.uid, waiting.metadata?.uid);
  assert.notEqual(newClaim.pv, "", "the claim is bound to a new volume");
  assert.equal(existsSync(path.join(newVolume, ".lifeboat")), false, "the markers are removed");
  assertSameTree(newVolume, expectedTree);
  // node-1's agent saw the PVR too, and left it alone
  assert.doesNotMatch(await metricsOf("node-1"), /lifeboat_pod_volume_operations_total\{kind="restore"/);
  assert.match(await metricsOf(node), /lifeboat_pod_volume_operations_total\{kind="restore",phase="Completed"\} 1/);
});

test("a PVB for a volume the pod does not have fails with the reason", async () => {
  const pod = await readPod("db-0");
  await createPvb("db-0-nope", pod, "nope", "nightly-3");
  const pvb = await finished("db-0-nope");
  assert.equal(pvb.status?.phase, "Failed");
  assert.match(pvb.status?.message ?? "", /has no volume "nope"/);
});

async function bigVolumePod(name: string, mib: number): Promise<V1Pod> {
  await apply(
    cluster,
    `
apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${appNs}}
spec:${placement.replace(/\n {6}/g, "\n  ")}
  containers: [{name: app, image: app}]
  volumes: [{name: scratch, emptyDir: {}}]
`,
  );
  await cluster.kubectl(["-n", appNs, "wait", `pod/${name}`, "--for=condition=Ready", "--timeout=60s"]);
  const volume = await cluster.volumePath(appNs, name, "scratch");
  for (let i = 0; i < mib / 16; i++) await writeFile(path.join(volume, `blob-${i}`), randomBytes(16 * 1024 * 1024));
  return readPod(name);
}

async function inProgress(name: string): Promise<PodVolumeBackup> {
  return until(
    `PVB ${name} to start`,
    async () => {
      const pvb = await pvbs().get(name);
      return pvb.status?.phase === "InProgress" || pvb.status?.phase === "Completed" ? pvb : undefined;
    },
    60_000,
    50,
  );
}

test("spec.cancel stops a running backup: Canceled", async () => {
  const pod = await bigVolumePod("big-a", 256);
  await createPvb("big-a-cancel", pod, "scratch", "nightly-4");
  const started = await inProgress("big-a-cancel");
  assert.equal(started.status?.phase, "InProgress", "the backup finished before it could be canceled");
  await pvbs().patch("big-a-cancel", { spec: { cancel: true } });
  const pvb = await finished("big-a-cancel");
  assert.equal(pvb.status?.phase, "Canceled", pvb.status?.message);
});

test("an agent killed mid-backup leaves a PVB its successor marks Failed", async () => {
  const pod = await bigVolumePod("big-b", 256);
  await agents.get(node)?.stop();
  agents.delete(node);
  // this node's agent as its own process, so it can die the hard way
  const child = spawn(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import { runNodeAgent } from ${JSON.stringify(path.join(repoRoot, "src", "node-agent.ts"))}; await runNodeAgent(JSON.parse(process.env.AGENT_OPTIONS));`,
    ],
    { env: { ...process.env, AGENT_OPTIONS: JSON.stringify(agentOptions(node)) }, stdio: "ignore" },
  );
  try {
    await createPvb("big-b-crash", pod, "scratch", "nightly-5");
    const started = await inProgress("big-b-crash");
    assert.equal(started.status?.phase, "InProgress", "the backup finished before the agent could be killed");
  } finally {
    child.kill("SIGKILL");
  }
  await sleep(500);
  assert.equal((await pvbs().get("big-b-crash")).status?.phase, "InProgress");
  agents.set(node, await startNodeAgent(agentOptions(node)));
  const pvb = await finished("big-b-crash");
  assert.equal(pvb.status?.phase, "Failed");
  assert.match(pvb.status?.message ?? "", /node agent restarted/);
});

test("the BackupRepository is listed by lifeboat repo get", async () => {
  const { stdout } = await run(process.execPath, [
    path.join(repoRoot, "bin", "lifeboat.js"),
    "repo",
    "get",
    "-n",
    installNs,
    "--kubeconfig",
    adminKubeconfig,
  ]);
  assert.match(stdout, new RegExp(`${appNs}-${locationName}\\s+${appNs}\\s+${locationName}\\s+Ready`));
});
