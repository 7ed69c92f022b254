/**
 * Proves the local test cluster is a real Kubernetes cluster: real API server version and RBAC,
 * fake nodes that run StatefulSet pods with dynamically provisioned volumes laid out on disk
 * where a kubelet puts them, namespace deletion that finishes, and a real restic against MinIO.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, lstatSync, readFileSync, realpathSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { AppsV1Api, BatchV1Api, CoreV1Api, KubeConfig, type V1Pod } from "@kubernetes/client-node";
import { useCluster, type TestCluster } from "../cluster/harness.ts";
import { runningPid, waitFor } from "../cluster/processes.ts";
import { kubeletRoot, nodeNames } from "../cluster/paths.ts";
import { clusterDaemonNames } from "../cluster/down.ts";
import { clusterUp } from "../cluster/up.ts";

const run = promisify(execFile);
let cluster: TestCluster;
const namespace = `e2e-cluster-${randomBytes(3).toString("hex")}`;

before(async () => {
  cluster = await useCluster();
  await cluster.core.createNamespace({ body: { metadata: { name: namespace } } });
});

after(async () => {
  await cluster.core.deleteNamespace({ name: namespace }).catch(() => undefined);
});

describe("control plane", () => {
  test("the API server reports Kubernetes v1.36.3", async () => {
    const version = JSON.parse(await cluster.kubectl(["version", "-o", "json"])) as {
      serverVersion: { gitVersion: string };
    };
    assert.equal(version.serverVersion.gitVersion, "v1.36.3");
  });

  test("node-1 and node-2 are Ready", async () => {
    const nodes = await cluster.core.listNode();
    for (const name of nodeNames) {
      const node = nodes.items.find((n) => n.metadata?.name === name);
      assert.ok(node, `${name} is registered`);
      const ready = node.status?.conditions?.find((c) => c.type === "Ready");
      assert.equal(ready?.status, "True", `${name} is Ready`);
    }
  });

  test("cluster:up is idempotent: a second run restarts nothing", async () => {
    const before = clusterDaemonNames.map(runningPid);
    assert.ok(
      before.every((pid) => pid !== undefined),
      "every daemon runs",
    );
    await clusterUp(() => undefined);
    assert.deepEqual(clusterDaemonNames.map(runningPid), before);
  });

  test("RBAC denies a service account without permissions", async () => {
    await cluster.core.createNamespacedServiceAccount({
      namespace,
      body: { metadata: { name: "nobody" } },
    });
    const request = await cluster.core.createNamespacedServiceAccountToken({
      name: "nobody",
      namespace,
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });
    const kc = new KubeConfig();
    const current = cluster.kc.getCurrentCluster();
    assert.ok(current);
    kc.loadFromOptions({
      clusters: [current],
      users: [{ name: "nobody", token: request.status?.token ?? "" }],
      contexts: [{ name: "nobody", cluster: current.name, user: "nobody" }],
      currentContext: "nobody",
    });
    const asNobody = kc.makeApiClient(CoreV1Api);
    await assert.rejects(asNobody.listNamespacedSecret({ namespace }), (err: { code?: number }) => err.code === 403);
  });
});

describe("StatefulSet with a volumeClaimTemplate", () => {
  const sts = "web";
  let pods: V1Pod[] = [];

  before(async () => {
    await cluster.kc.makeApiClient(AppsV1Api).createNamespacedStatefulSet({
      namespace,
      body: {
        metadata: { name: sts },
        spec: {
          serviceName: sts,
          replicas: 3,
          selector: { matchLabels: { app: sts } },
          template: {
            metadata: { labels: { app: sts } },
            spec: {
              containers: [
                {
                  name: "app",
                  image: "registry.example/app:1",
                  volumeMounts: [
                    { name: "data", mountPath: "/data" },
                    { name: "scratch", mountPath: "/scratch" },
                  ],
                },
              ],
              volumes: [{ name: "scratch", emptyDir: {} }],
            },
          },
          volumeClaimTemplates: [
            {
              metadata: { name: "data" },
              spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
            },
          ],
        },
      },
    });
    pods = await waitFor(
      "3 Running pods",
      async () => {
        const list = await cluster.core.listNamespacedPod({
          namespace,
          labelSelector: `app=${sts}`,
        });
        const running = list.items.filter((p) => p.status?.phase === "Running");
        return running.length === 3 ? running : undefined;
      },
      90_000,
    );
  });

  test("every pod runs on a fake node and every PVC is Bound", async () => {
    for (const pod of pods) assert.ok(nodeNames.includes(pod.spec?.nodeName as (typeof nodeNames)[number]));
    const pvcs = await cluster.core.listNamespacedPersistentVolumeClaim({ namespace });
    assert.equal(pvcs.items.length, 3);
    for (const pvc of pvcs.items) assert.equal(pvc.status?.phase, "Bound", pvc.metadata?.name);
  });

  test("each pod's volumes are where the kubelet puts them", async () => {
    for (const pod of pods) {
      const name = pod.metadata?.name ?? "";
      const pvc = await cluster.core.readNamespacedPersistentVolumeClaim({
        name: `data-${name}`,
        namespace,
      });
      const pvName = pvc.spec?.volumeName ?? "";
      const podDir = path.join(kubeletRoot(pod.spec?.nodeName ?? ""), "pods", pod.metadata?.uid ?? "");
      const mount = path.join(podDir, "volumes", "kubernetes.io~csi", pvName, "mount");
      assert.equal(await cluster.volumePath(namespace, name, "data"), mount);
      assert.ok(existsSync(mount), `${mount} exists`);
      assert.ok(lstatSync(path.join(podDir, "volumes", "kubernetes.io~empty-dir", "scratch")).isDirectory());
      const volData = JSON.parse(readFileSync(path.join(path.dirname(mount), "vol_data.json"), "utf8")) as {
        specVolID: string;
      };
      assert.equal(volData.specVolID, pvName);
    }
  });

  test("a file written in a pod lands in its PV's data directory", async () => {
    const pod = pods[0]?.metadata?.name ?? "";
    const bytes = randomBytes(64 * 1024);
    await cluster.writeInPod(namespace, pod, "data", "db/segment-0001", bytes);
    const pvc = await cluster.core.readNamespacedPersistentVolumeClaim({
      name: `data-${pod}`,
      namespace,
    });
    const pv = await cluster.core.readPersistentVolume({ name: pvc.spec?.volumeName ?? "" });
    const dataDir = pv.spec?.csi?.volumeAttributes?.["path"] ?? "";
    assert.ok(dataDir, "the PV names its data directory");
    assert.deepEqual(readFileSync(path.join(dataDir, "db/segment-0001")), bytes);
    assert.deepEqual(await cluster.readInPod(namespace, pod, "data", "db/segment-0001"), bytes);
  });

  test("a deleted pod's folder goes, its PV's data stays, and the recreated pod sees it", async () => {
    const old = pods[0];
    const name = old?.metadata?.name ?? "";
    const oldDir = path.join(kubeletRoot(old?.spec?.nodeName ?? ""), "pods", old?.metadata?.uid ?? "");
    await cluster.writeInPod(namespace, name, "data", "keep.txt", "still here");
    const dataDir = realpathSync(await cluster.volumePath(namespace, name, "data"));
    await cluster.core.deleteNamespacedPod({ name, namespace });
    await waitFor("the old pod folder to go", () => Promise.resolve(!existsSync(oldDir)), 30_000);
    assert.equal(readFileSync(path.join(dataDir, "keep.txt"), "utf8"), "still here");
    await waitFor(
      "the pod to be recreated and Running",
      async () => {
        const pod = await cluster.core.readNamespacedPod({ name, namespace }).catch(() => undefined);
        return pod?.status?.phase === "Running" && pod.metadata?.uid !== old?.metadata?.uid;
      },
      60_000,
    );
    assert.equal((await cluster.readInPod(namespace, name, "data", "keep.txt")).toString(), "still here");
  });

  test("reclaim policy Delete removes a released PV and its data", async () => {
    const apps = cluster.kc.makeApiClient(AppsV1Api);
    await apps.patchNamespacedStatefulSetScale({
      name: sts,
      namespace,
      body: [{ op: "replace", path: "/spec/replicas", value: 2 }],
    });
    await waitFor(
      "web-2 to go",
      async () => !(await cluster.core.readNamespacedPod({ name: "web-2", namespace }).catch(() => undefined)),
      60_000,
    );
    const pvc = await cluster.core.readNamespacedPersistentVolumeClaim({
      name: "data-web-2",
      namespace,
    });
    const pv = await cluster.core.readPersistentVolume({ name: pvc.spec?.volumeName ?? "" });
    const dataDir = pv.spec?.csi?.volumeAttributes?.["path"] ?? "";
    assert.ok(existsSync(dataDir));
    await cluster.core.deleteNamespacedPersistentVolumeClaim({ name: "data-web-2", namespace });
    await waitFor(
      "the PV to be deleted",
      async () => !(await cluster.core.readPersistentVolume({ name: pv.metadata?.name ?? "" }).catch(() => undefined)),
      60_000,
    );
    assert.equal(existsSync(dataDir), false, "the data directory is removed");
  });
});

test("a Job's pod runs to completion", async () => {
  await cluster.kc.makeApiClient(BatchV1Api).createNamespacedJob({
    namespace,
    body: {
      metadata: { name: "once" },
      spec: {
        template: {
          spec: {
            restartPolicy: "Never",
            containers: [{ name: "main", image: "registry.example/job:1" }],
          },
        },
      },
    },
  });
  await waitFor(
    "the Job to complete",
    async () => {
      const job = await cluster.kc.makeApiClient(BatchV1Api).readNamespacedJob({ name: "once", namespace });
      return (job.status?.succeeded ?? 0) === 1;
    },
    60_000,
  );
});

test("kubectl delete namespace finishes", async () => {
  const ns = `${namespace}-gone`;
  await cluster.core.createNamespace({ body: { metadata: { name: ns } } });
  await cluster.core.createNamespacedConfigMap({
    namespace: ns,
    body: { metadata: { name: "c" }, data: { a: "b" } },
  });
  await cluster.kubectl(["delete", "namespace", ns, "--wait=true", "--timeout=90s"]);
  await assert.rejects(cluster.core.readNamespace({ name: ns }), (err: { code?: number }) => err.code === 404);
});

test("the built restic can init, back up and check --read-data against the MinIO bucket", async () => {
  const work = await mkdtemp(path.join(os.tmpdir(), "lifeboat-restic-"));
  try {
    const source = path.join(work, "src");
    await run("mkdir", ["-p", source]);
    const payload = randomBytes(3 * 1024 * 1024);
    await writeFile(path.join(source, "blob.bin"), payload);
    await writeFile(path.join(source, "note.txt"), "hello restic\n");
    const repo = `s3:${cluster.s3.endpoint}/${cluster.s3.bucket}/e2e-restic-${randomBytes(4).toString("hex")}`;
    const env = {
      ...process.env,
      RESTIC_PASSWORD: randomBytes(16).toString("hex"),
      AWS_ACCESS_KEY_ID: cluster.s3.accessKey,
      AWS_SECRET_ACCESS_KEY: cluster.s3.secretKey,
      RESTIC_CACHE_DIR: path.join(work, "cache"),
    };
    const restic = (args: string[]) => run(cluster.binary("restic"), ["-r", repo, ...args], { env });
    const version = await run(cluster.binary("restic"), ["version"]);
    assert.match(version.stdout, /restic 0\.19\.1/);
    await restic(["init"]);
    await restic(["backup", "--host", "e2e", source]);
    const check = await restic(["check", "--read-data"]);
    assert.match(check.stdout, /no errors were found/);
    const snapshots = JSON.parse((await restic(["snapshots", "--json"])).stdout) as {
      paths: string[];
    }[];
    assert.equal(snapshots.length, 1);
    assert.deepEqual(snapshots[0]?.paths, [source]);
    const dumped = await run(cluster.binary("restic"), ["-r", repo, "dump", "latest", path.join(source, "blob.bin")], {
      env,
      encoding: "buffer",
      maxBuffer: 16 * 1024 * 1024,
    });
    assert.deepEqual(dumped.stdout, payload);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
