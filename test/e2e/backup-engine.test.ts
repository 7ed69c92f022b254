/**
 * The resource backup engine against the real API server: a namespace with a Deployment,
 * ConfigMaps, a Secret, a ServiceAccount with a RoleBinding and a ClusterRoleBinding, a PVC bound
 * to a PV through a pod, a custom resource, and an object labelled exclude-from-backup. Each run
 * writes a real tarball, which is read back with tar-stream and checked path by path (both
 * layouts), together with the resource list, the pods and the run's results. Also measures a
 * run over 2000 ConfigMaps against a raw paginated LIST of the same (reported, not asserted).
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";
import { useCluster, type TestCluster } from "../cluster/harness.ts";
import { waitFor } from "../cluster/processes.ts";
import { runBackup, type BackupOutcome, type BackupRequest } from "../../src/backup/backup.ts";
import { itemPaths } from "../../src/backup/tarball-layout.ts";
import { RestClient } from "../../src/kube/rest.ts";
import { TokenBucket } from "../../src/kube/rate-limiter.ts";
import { ResultsCollector, type RunResults } from "../../src/util/results.ts";
import { RunLog } from "../../src/util/run-log.ts";

const suffix = randomBytes(3).toString("hex");
const ns = `e2e-backup-${suffix}`;
const perfNs = `e2e-backup-perf-${suffix}`;
const group = `e2e-${suffix}.lifeboat.dev`;
const crd = `gadgets.${group}`;
const crb = `e2e-backup-${suffix}-runner`;
const clusterRole = `e2e-backup-${suffix}-role`;
const unrelatedRole = `e2e-backup-${suffix}-unrelated`;

let cluster: TestCluster;
let work: string;
/** Names the cluster chose: the ReplicaSet, the Deployment's pod, the PV. */
let rsName = "";
let webPod = "";
let pvName = "";

function manifest(): string {
  return `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${crd}}
spec:
  group: ${group}
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget}
  versions:
    - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
---
apiVersion: v1
kind: Namespace
metadata: {name: ${ns}, labels: {team: e2e}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: ${ns}, labels: {app: web, tier: config}}
data: {mode: production}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: other, namespace: ${ns}, labels: {app: db}}
data: {a: b}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: skip-me, namespace: ${ns}, labels: {app: web, lifeboat.dev/exclude-from-backup: "true"}}
data: {secret: nope}
---
apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: ${ns}, labels: {app: db}}
stringData: {password: hunter2}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: runner, namespace: ${ns}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: ${ns}}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: runner-reads, namespace: ${ns}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects: [{kind: ServiceAccount, name: runner, namespace: ${ns}}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ${clusterRole}}
rules: [{apiGroups: [""], resources: [nodes], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: ${unrelatedRole}}
rules: [{apiGroups: [""], resources: [nodes], verbs: [list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ${crb}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${clusterRole}}
subjects: [{kind: ServiceAccount, name: runner, namespace: ${ns}}]
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: ${ns}}
spec: {accessModes: [ReadWriteOnce], storageClassName: lifeboat-hostpath, resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: ${ns}, labels: {app: db}}
spec:
  containers: [{name: db, image: registry.example/db:1, volumeMounts: [{name: data, mountPath: /data}]}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}, labels: {app: web}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: registry.example/web:1}]}
`;
}

function gadget(): string {
  return `
apiVersion: ${group}/v1
kind: Gadget
metadata: {name: g1, namespace: ${ns}}
spec: {size: 3}
`;
}

async function apply(yaml: string): Promise<void> {
  const file = path.join(work, `apply-${randomBytes(3).toString("hex")}.yaml`);
  await writeFile(file, yaml);
  await cluster.kubectl(["apply", "-f", file]);
}

interface Tarball {
  files: Map<string, Buffer>;
  modes: Set<number>;
}

async function readTarball(file: string): Promise<Tarball> {
  const files = new Map<string, Buffer>();
  const modes = new Set<number>();
  const extract = tar.extract();
  extract.on("entry", (header, stream, next) => {
    const parts: Buffer[] = [];
    stream.on("data", (c: unknown) => parts.push(c as Buffer));
    stream.on("end", () => {
      files.set(header.name, Buffer.concat(parts));
      modes.add(header.mode ?? 0);
      next();
    });
  });
  await pipeline(createReadStream(file), createGunzip(), extract);
  return { files, modes };
}

interface Run {
  outcome: BackupOutcome;
  results: RunResults;
  tarball: Tarball;
  progress: { totalItems: number; itemsBackedUp: number }[];
}

async function backup(spec: Partial<BackupRequest>, rest = new RestClient(cluster.kc)): Promise<Run> {
  const dir = await mkdtemp(path.join(work, "run-"));
  const results = new ResultsCollector();
  const log = new RunLog({ file: path.join(dir, "log.jsonl"), results });
  const progress: Run["progress"] = [];
  const request: BackupRequest = {
    name: `b-${randomBytes(3).toString("hex")}`,
    uid: randomBytes(8).toString("hex"),
    includedNamespaces: [ns],
    excludedNamespaces: [],
    includedResources: [],
    excludedResources: ["events"],
    ...spec,
  };
  try {
    const outcome = await runBackup(request, { rest, workDir: dir, log, results, onProgress: (p) => progress.push(p) });
    return { outcome, results: results.snapshot(), tarball: await readTarball(outcome.tarballPath), progress };
  } finally {
    log.close();
  }
}

/** Both paths of each item, as `[groupResource, namespace | undefined, name]`. */
function pathsOf(items: [string, string | undefined, string][], versionOf: (gr: string) => string): string[] {
  return items.flatMap(([gr, namespace, name]) => itemPaths(gr, versionOf(gr), namespace, name)).sort();
}

const v1 = (): string => "v1";

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function itemPathsIn(t: Tarball): string[] {
  return [...t.files.keys()].filter((p) => p !== "metadata/version").sort();
}

before(async () => {
  cluster = await useCluster();
  work = await mkdtemp(path.join(os.tmpdir(), "lifeboat-backup-e2e-"));
  await apply(manifest());
  await cluster.kubectl(["wait", "--for=condition=Established", `crd/${crd}`, "--timeout=60s"]);
  await waitFor(
    "the Gadget kind to be served",
    async () => (await cluster.kubectl(["api-resources", `--api-group=${group}`, "-o", "name"])).includes("gadgets"),
    30_000,
  );
  await apply(gadget());
  const pvc = await waitFor(
    "the PVC to be bound",
    async () => {
      const claim = await cluster.core.readNamespacedPersistentVolumeClaim({ name: "data", namespace: ns });
      return claim.status?.phase === "Bound" ? claim : undefined;
    },
    90_000,
  );
  pvName = pvc.spec?.volumeName ?? "";
  const pods = await waitFor(
    "the Deployment's pod and the db pod to run",
    async () => {
      const list = await cluster.core.listNamespacedPod({ namespace: ns });
      const running = list.items.filter((p) => p.status?.phase === "Running");
      return running.length === 2 && list.items.length === 2 ? running : undefined;
    },
    90_000,
  );
  webPod = pods.find((p) => p.metadata?.name !== "db")?.metadata?.name ?? "";
  rsName = webPod.split("-").slice(0, -1).join("-");
  await waitFor(
    "the namespace's root CA ConfigMap",
    async () =>
      (await cluster.core
        .readNamespacedConfigMap({ name: "kube-root-ca.crt", namespace: ns })
        .catch(() => undefined)) !== undefined,
    30_000,
  );
});

after(async () => {
  await cluster.core.deleteNamespace({ name: ns }).catch(() => undefined);
  await cluster.core.deleteNamespace({ name: perfNs }).catch(() => undefined);
  for (const obj of [
    `clusterrolebinding/${crb}`,
    `clusterrole/${clusterRole}`,
    `clusterrole/${unrelatedRole}`,
    `crd/${crd}`,
  ])
    await cluster.kubectl(["delete", obj, "--ignore-not-found", "--wait=false"]).catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

describe("a namespace backup with includeClusterResources unset", () => {
  let run: Run;
  before(async () => {
    run = await backup({});
  });

  test("the tarball holds exactly the namespace's items, their relatives, in both layouts", () => {
    const rbac = "rbac.authorization.k8s.io";
    const expected = pathsOf(
      [
        ["configmaps", ns, "settings"],
        ["configmaps", ns, "other"],
        ["configmaps", ns, "kube-root-ca.crt"],
        ["secrets", ns, "creds"],
        ["serviceaccounts", ns, "default"],
        ["serviceaccounts", ns, "runner"],
        [`roles.${rbac}`, ns, "reader"],
        [`rolebindings.${rbac}`, ns, "runner-reads"],
        ["deployments.apps", ns, "web"],
        ["replicasets.apps", ns, rsName],
        ["pods", ns, webPod],
        ["pods", ns, "db"],
        ["persistentvolumeclaims", ns, "data"],
        [`gadgets.${group}`, ns, "g1"],
        ["namespaces", undefined, ns],
        ["persistentvolumes", undefined, pvName],
        [`clusterrolebindings.${rbac}`, undefined, crb],
        [`clusterroles.${rbac}`, undefined, clusterRole],
        [`customresourcedefinitions.apiextensions.k8s.io`, undefined, crd],
      ],
      v1,
    );
    assert.deepEqual(itemPathsIn(run.tarball), expected);
  });

  test("metadata/version is 1.1.0, entries are 0644, items are the objects without managedFields", () => {
    assert.equal(run.tarball.files.get("metadata/version")?.toString(), "1.1.0\n");
    assert.deepEqual([...run.tarball.modes], [0o644]);
    const [legacy, preferred] = itemPaths("configmaps", "v1", ns, "settings");
    const item = JSON.parse(run.tarball.files.get(legacy)?.toString() ?? "{}") as {
      apiVersion: string;
      kind: string;
      metadata: { name: string; uid: string; managedFields?: unknown };
      data: Record<string, string>;
    };
    assert.equal(item.apiVersion, "v1");
    assert.equal(item.kind, "ConfigMap");
    assert.equal(item.metadata.name, "settings");
    assert.ok(item.metadata.uid);
    assert.equal(item.metadata.managedFields, undefined);
    assert.deepEqual(item.data, { mode: "production" });
    assert.deepEqual(run.tarball.files.get(preferred), run.tarball.files.get(legacy));
  });

  test("the excluded object and unrelated cluster objects are absent", () => {
    const names = itemPathsIn(run.tarball);
    assert.ok(!names.some((p) => p.includes("skip-me")));
    assert.ok(!names.some((p) => p.includes(unrelatedRole)));
    assert.ok(!names.some((p) => p.startsWith("resources/nodes/") || p.startsWith("resources/storageclasses")));
  });

  test("the resource list, counts, pods and results", () => {
    const list = run.outcome.resourceList;
    assert.deepEqual(list["v1/ConfigMap"], [`${ns}/kube-root-ca.crt`, `${ns}/other`, `${ns}/settings`]);
    assert.deepEqual(list["v1/PersistentVolume"], [pvName]);
    assert.deepEqual(list["v1/Namespace"], [ns]);
    assert.deepEqual(list["rbac.authorization.k8s.io/v1/ClusterRoleBinding"], [crb]);
    assert.deepEqual(list["apps/v1/Deployment"], [`${ns}/web`]);
    assert.deepEqual(list[`${group}/v1/Gadget`], [`${ns}/g1`]);
    assert.deepEqual(Object.keys(list), Object.keys(list).sort());
    const listed = Object.values(list).reduce((n, names) => n + names.length, 0);
    assert.equal(listed, 19);
    assert.equal(run.outcome.itemsBackedUp, 19);
    assert.equal(run.outcome.totalItems, 19);
    assert.deepEqual(
      run.outcome.pods.map((p) => p.name),
      ["db", webPod].sort(),
    );
    assert.ok(run.outcome.pods.every((p) => p.namespace === ns && p.uid.length > 0));
    assert.deepEqual(run.results.errors, { lifeboat: [], cluster: [], namespaces: {} });
    assert.deepEqual(run.progress.at(-1), { totalItems: 19, itemsBackedUp: 19 });
    assert.ok(run.outcome.tarballBytes > 0);
  });
});

test("includeClusterResources=false keeps PV, bindings and CRD out, but not the Namespace", async () => {
  const run = await backup({ includeClusterResources: false });
  const paths = itemPathsIn(run.tarball);
  assert.ok(paths.includes(itemPaths("namespaces", "v1", undefined, ns)[0]));
  assert.ok(paths.includes(itemPaths("persistentvolumeclaims", "v1", ns, "data")[0]));
  assert.deepEqual(
    paths.filter((p) => p.includes("/cluster/")).filter((p) => !p.startsWith("resources/namespaces/")),
    [],
  );
});

test("a label-selector run includes exactly the matching objects (and their namespace)", async () => {
  const run = await backup({ labelSelector: { matchLabels: { app: "web" } } });
  const expected = pathsOf(
    [
      ["configmaps", ns, "settings"],
      ["deployments.apps", ns, "web"],
      ["replicasets.apps", ns, rsName],
      ["pods", ns, webPod],
      ["namespaces", undefined, ns],
    ],
    v1,
  );
  assert.deepEqual(itemPathsIn(run.tarball), expected);
});

test("an OR-selector run includes the union, plus relatives the selectors do not match", async () => {
  const run = await backup({
    orLabelSelectors: [
      { matchLabels: { app: "db" } },
      { matchExpressions: [{ key: "tier", operator: "In", values: ["config"] }] },
    ],
  });
  const expected = pathsOf(
    [
      ["configmaps", ns, "settings"],
      ["configmaps", ns, "other"],
      ["secrets", ns, "creds"],
      ["pods", ns, "db"],
      ["persistentvolumeclaims", ns, "data"],
      ["persistentvolumes", undefined, pvName],
      ["namespaces", undefined, ns],
    ],
    v1,
  );
  assert.deepEqual(itemPathsIn(run.tarball), expected);
});

test("an unknown name in includedResources is reported; the known ones are backed up", async () => {
  const run = await backup({ includedResources: ["cm", "nosuchthings"] });
  assert.equal(run.results.errors.lifeboat.length, 1);
  assert.match(
    run.results.errors.lifeboat[0] ?? "",
    /includedResources: "nosuchthings" is not a resource this cluster serves/,
  );
  assert.deepEqual(
    itemPathsIn(run.tarball),
    pathsOf(
      [
        ["configmaps", ns, "settings"],
        ["configmaps", ns, "other"],
        ["configmaps", ns, "kube-root-ca.crt"],
      ],
      v1,
    ),
  );
});

test("2000 ConfigMaps: backup throughput against a raw paginated LIST", async (t) => {
  const fast = new RestClient(cluster.kc, { limiter: new TokenBucket({ qps: 2000, burst: 2000 }) });
  await fast.post("/api/v1/namespaces", { metadata: { name: perfNs } });
  const count = 2000;
  const names = Array.from({ length: count }, (_, i) => `cm-${String(i).padStart(5, "0")}`);
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < names.length) {
        const name = names[next++] ?? "";
        await fast.post(`/api/v1/namespaces/${perfNs}/configmaps`, {
          metadata: { name, labels: { bench: "yes" } },
          data: { value: randomBytes(128).toString("hex") },
        });
      }
    }),
  );

  const rest = new RestClient(cluster.kc);
  const rawCpu = process.cpuUsage();
  const rawStart = performance.now();
  let listed = 0;
  let token: string | undefined;
  do {
    const page = await rest.get<{ items: unknown[]; metadata: { continue?: string } }>(
      `/api/v1/namespaces/${perfNs}/configmaps`,
      { query: { limit: 500, continue: token } },
    );
    listed += page.items.length;
    token = page.metadata.continue || undefined;
  } while (token);
  const rawMs = performance.now() - rawStart;
  const rawCpuMs = cpuMs(process.cpuUsage(rawCpu));

  const dir = await mkdtemp(path.join(work, "perf-"));
  const backupCpu = process.cpuUsage();
  const start = performance.now();
  const results = new ResultsCollector();
  const log = new RunLog({ file: path.join(dir, "log.jsonl"), results });
  const outcome = await runBackup(
    {
      name: "perf",
      uid: "perf",
      includedNamespaces: [perfNs],
      excludedNamespaces: [],
      includedResources: [],
      excludedResources: [],
    },
    { rest, workDir: dir, log, results },
  );
  const backupMs = performance.now() - start;
  const backupCpuMs = cpuMs(process.cpuUsage(backupCpu));
  log.close();

  assert.ok(listed >= count + 1, "the raw LIST saw every ConfigMap");
  assert.equal(outcome.resourceList["v1/ConfigMap"]?.length, listed);
  t.diagnostic(
    `raw LIST: ${listed} items in ${rawMs.toFixed(0)} ms (${((listed / rawMs) * 1000).toFixed(0)} items/s, ` +
      `client CPU ${rawCpuMs.toFixed(0)} ms); ` +
      `runBackup: ${outcome.itemsBackedUp} items in ${backupMs.toFixed(0)} ms ` +
      `(${((outcome.itemsBackedUp / backupMs) * 1000).toFixed(0)} items/s, client CPU ${backupCpuMs.toFixed(0)} ms), ` +
      `ratio ${(backupMs / rawMs).toFixed(2)}x, load average ${os.loadavg()[0]?.toFixed(1)}, ` +
      `tarball ${outcome.tarballBytes} bytes`,
  );
});
