/**
 * The restore engine against the real API server. A namespace with a Deployment (its pod on a
 * PVC), Services (ClusterIP, NodePort, headless), ConfigMaps, a Secret, a ServiceAccount with a
 * RoleBinding, a CRD with two custom resources and a completed Job is backed up by the real
 * backup engine; then the namespace and the CRD are deleted (and gone) and the backup is
 * restored: every object comes back with the same spec (modulo what the server allocates), the
 * Services get fresh cluster IPs and node ports (the old ones are held by other Services, so
 * reusing them would fail), the headless Service stays headless, the completed Job stays gone,
 * the custom resources exist after their CRD. Then the same backup is restored into a new
 * namespace while the original exists, and over the original with existingResourcePolicy
 * none (a changed ConfigMap is left, with a warning) and update (it is patched back).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { useCluster, type TestCluster } from "../cluster/harness.ts";
import { waitFor } from "../cluster/processes.ts";
import { runBackup } from "../../src/backup/backup.ts";
import { TokenBucket } from "../../src/kube/rate-limiter.ts";
import { RestClient } from "../../src/kube/rest.ts";
import { RestoreError } from "../../src/restore/errors.ts";
import { runRestore, type RestoreOutcome, type RestoreRequest } from "../../src/restore/restore.ts";
import { buildTarball, type TarItem } from "../../src/restore/test-tarball.ts";
import { ResultsCollector, type RunResults } from "../../src/util/results.ts";
import { RunLog } from "../../src/util/run-log.ts";

const suffix = randomBytes(3).toString("hex");
const ns = `e2e-restore-${suffix}`;
const copyNs = `e2e-restore-copy-${suffix}`;
const holdNs = `e2e-restore-hold-${suffix}`;
const group = `e2e-restore-${suffix}.lifeboat.dev`;
const crd = `widgets.${group}`;
const backupName = `b-${suffix}`;
/** For the hand-made backups: a namespace, a CRD group whose names clash, and a bulk namespace. */
const otherNs = `e2e-restore-other-${suffix}`;
const bulkNs = `e2e-restore-bulk-${suffix}`;
const abortNs = `e2e-restore-abort-${suffix}`;
const clashGroup = `e2e-clash-${suffix}.lifeboat.dev`;

type Obj = Record<string, unknown> & {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
};

let cluster: TestCluster;
let rest: RestClient;
let work: string;
let tarball = "";
/** Objects as they were before the namespace was deleted. */
const before_: Record<string, Obj> = {};

function manifest(): string {
  return `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${crd}}
spec:
  group: ${group}
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
    - name: v1
      served: true
      storage: true
      subresources: {status: {}}
      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
---
apiVersion: v1
kind: Namespace
metadata: {name: ${ns}, labels: {team: e2e}, annotations: {owner: restore-test}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: ${ns}, labels: {app: web}}
data: {mode: fast, level: "3"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: other, namespace: ${ns}}
data: {a: b}
---
apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: ${ns}}
stringData: {password: hunter2}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: ${ns}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: ${ns}}
rules: [{apiGroups: [""], resources: [configmaps], verbs: [get, list]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: web-reads, namespace: ${ns}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects: [{kind: ServiceAccount, name: web, namespace: ${ns}}]
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data, namespace: ${ns}}
spec: {accessModes: [ReadWriteOnce], storageClassName: lifeboat-hostpath, resources: {requests: {storage: 1Gi}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}, labels: {app: web}}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      containers: [{name: web, image: registry.example/web:1, ports: [{containerPort: 8080}], volumeMounts: [{name: data, mountPath: /data}]}]
      volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${ns}}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-nodeport, namespace: ${ns}}
spec: {type: NodePort, selector: {app: web}, ports: [{name: http, port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-headless, namespace: ${ns}}
spec: {clusterIP: None, selector: {app: web}, ports: [{name: http, port: 80, targetPort: 8080}]}
---
apiVersion: batch/v1
kind: Job
metadata: {name: migrate, namespace: ${ns}}
spec:
  backoffLimit: 0
  template:
    spec: {restartPolicy: Never, containers: [{name: migrate, image: registry.example/migrate:1}]}
`;
}

function widgets(namespace: string): string {
  return [1, 2]
    .map(
      (n) => `
apiVersion: ${group}/v1
kind: Widget
metadata: {name: w${n}, namespace: ${namespace}, labels: {app: web}}
spec: {size: ${n * 10}, color: blue}`,
    )
    .join("\n---");
}

async function apply(yaml: string): Promise<void> {
  const file = path.join(work, `apply-${randomBytes(3).toString("hex")}.yaml`);
  await writeFile(file, yaml);
  await cluster.kubectl(["apply", "-f", file]);
}

const paths: Record<string, (namespace: string, name: string) => string> = {
  configmap: (n, name) => `/api/v1/namespaces/${n}/configmaps/${name}`,
  secret: (n, name) => `/api/v1/namespaces/${n}/secrets/${name}`,
  serviceaccount: (n, name) => `/api/v1/namespaces/${n}/serviceaccounts/${name}`,
  service: (n, name) => `/api/v1/namespaces/${n}/services/${name}`,
  pvc: (n, name) => `/api/v1/namespaces/${n}/persistentvolumeclaims/${name}`,
  role: (n, name) => `/apis/rbac.authorization.k8s.io/v1/namespaces/${n}/roles/${name}`,
  rolebinding: (n, name) => `/apis/rbac.authorization.k8s.io/v1/namespaces/${n}/rolebindings/${name}`,
  deployment: (n, name) => `/apis/apps/v1/namespaces/${n}/deployments/${name}`,
  job: (n, name) => `/apis/batch/v1/namespaces/${n}/jobs/${name}`,
  widget: (n, name) => `/apis/${group}/v1/namespaces/${n}/widgets/${name}`,
};

async function get(kind: string, namespace: string, name: string): Promise<Obj> {
  return rest.get<Obj>(paths[kind]!(namespace, name));
}

async function gone(kind: string, namespace: string, name: string): Promise<boolean> {
  return get(kind, namespace, name).then(
    () => false,
    (err: { code?: string }) => err.code === "NotFound",
  );
}

interface Restored {
  outcome: RestoreOutcome;
  results: RunResults;
  progress: { totalItems: number; itemsRestored: number }[];
}

async function restore(
  name: string,
  spec: Partial<RestoreRequest>,
  from: () => NodeJS.ReadableStream = () => createReadStream(tarball),
  client: RestClient = rest,
): Promise<Restored> {
  const dir = await mkdtemp(path.join(work, `${name}-`));
  const results = new ResultsCollector();
  const log = new RunLog({ file: path.join(dir, "restore.log"), results });
  const progress: Restored["progress"] = [];
  try {
    const outcome = await runRestore(
      {
        name,
        uid: randomBytes(8).toString("hex"),
        backupName,
        includedNamespaces: [ns],
        excludedNamespaces: [],
        includedResources: [],
        excludedResources: [],
        namespaceMapping: {},
        existingResourcePolicy: "none",
        ...spec,
      },
      { rest: client, workDir: dir, log, results, tarball: from(), onProgress: (p) => progress.push(p) },
    );
    if (process.env.DEBUG_RESTORE) console.log(log.text());
    return { outcome, results: results.snapshot(), progress };
  } finally {
    log.close();
  }
}

function itemOf(outcome: RestoreOutcome, groupResource: string, name: string, namespace?: string) {
  return outcome.items.find((i) => i.groupResource === groupResource && i.name === name && i.namespace === namespace);
}

function withoutAllocated(spec: Record<string, unknown> | undefined): unknown {
  const copy = structuredClone(spec ?? {});
  delete copy.clusterIP;
  delete copy.clusterIPs;
  for (const port of (copy.ports ?? []) as Record<string, unknown>[]) delete port.nodePort;
  return copy;
}

before(async () => {
  cluster = await useCluster();
  rest = new RestClient(cluster.kc);
  work = await mkdtemp(path.join(os.tmpdir(), "lifeboat-restore-e2e-"));
  await apply(manifest());
  await cluster.kubectl(["wait", "--for=condition=Established", `crd/${crd}`, "--timeout=60s"]);
  await waitFor(
    "the Widget kind to be served",
    async () => (await cluster.kubectl(["api-resources", `--api-group=${group}`, "-o", "name"])).includes("widgets"),
    30_000,
  );
  await apply(widgets(ns));
  await rest.patch(`${paths.widget!(ns, "w1")}/status`, { status: { phase: "Ready", observed: 3 } });
  await waitFor(
    "the PVC to be bound and the web pod to run",
    async () => {
      const claim = await cluster.core.readNamespacedPersistentVolumeClaim({ name: "data", namespace: ns });
      const pods = await cluster.core.listNamespacedPod({ namespace: ns, labelSelector: "app=web" });
      return claim.status?.phase === "Bound" && pods.items.some((p) => p.status?.phase === "Running");
    },
    90_000,
  );
  await waitFor(
    "the Job to complete",
    async () => ((await get("job", ns, "migrate")).status as { completionTime?: string } | undefined)?.completionTime,
    90_000,
  );
  for (const [kind, name] of [
    ["configmap", "settings"],
    ["configmap", "other"],
    ["secret", "creds"],
    ["role", "reader"],
    ["rolebinding", "web-reads"],
    ["deployment", "web"],
    ["service", "web"],
    ["service", "web-nodeport"],
    ["service", "web-headless"],
    ["pvc", "data"],
    ["widget", "w1"],
    ["widget", "w2"],
  ] as const) {
    before_[`${kind}/${name}`] = await get(kind, ns, name);
  }

  const dir = await mkdtemp(path.join(work, "backup-"));
  const results = new ResultsCollector();
  const log = new RunLog({ file: path.join(dir, "backup.log"), results });
  const outcome = await runBackup(
    {
      name: backupName,
      uid: randomBytes(8).toString("hex"),
      includedNamespaces: [ns],
      excludedNamespaces: [],
      includedResources: [],
      excludedResources: [],
    },
    { rest, workDir: dir, log, results },
  );
  log.close();
  assert.equal(results.errorCount, 0, JSON.stringify(results.snapshot().errors));
  tarball = outcome.tarballPath;

  // The disaster: the namespace and the CRD are gone.
  await cluster.kubectl(["delete", "namespace", ns, "--wait=false"]);
  await cluster.kubectl(["delete", "crd", crd, "--wait=false"]);
  await waitFor(
    "the namespace and the CRD to be gone",
    async () =>
      (await cluster.core.readNamespace({ name: ns }).then(
        () => false,
        () => true,
      )) && (await cluster.kubectl(["get", "crd", crd, "--ignore-not-found", "-o", "name"])).trim() === "",
    180_000,
  );
  // Hold the old cluster IP and node port, so a restore that reused them would fail.
  const oldIp = (before_["service/web"]?.spec as { clusterIP: string }).clusterIP;
  const oldNodePort = (before_["service/web-nodeport"]?.spec as { ports: { nodePort: number }[] }).ports[0]!.nodePort;
  await apply(`
apiVersion: v1
kind: Namespace
metadata: {name: ${holdNs}}
---
apiVersion: v1
kind: Service
metadata: {name: ip-holder, namespace: ${holdNs}}
spec: {clusterIP: ${oldIp}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: port-holder, namespace: ${holdNs}}
spec: {type: NodePort, ports: [{port: 80, nodePort: ${oldNodePort}}]}
`);
});

after(async () => {
  for (const name of [ns, copyNs, holdNs, otherNs, bulkNs, abortNs])
    await cluster.core.deleteNamespace({ name }).catch(() => undefined);
  for (const name of [crd, `gizmos.${clashGroup}`, `gadgets.${clashGroup}`])
    await cluster.kubectl(["delete", "crd", name, "--ignore-not-found", "--wait=false"]).catch(() => undefined);
  await rm(work, { recursive: true, force: true });
});

let first: Restored;

test("a deleted namespace is restored without errors, every item accounted for", async () => {
  first = await restore(`r1-${suffix}`, {
    restoreStatus: { includedResources: ["widgets"], excludedResources: [] },
  });
  const { outcome, results } = first;
  assert.deepEqual(results.errors, { lifeboat: [], cluster: [], namespaces: {} });
  assert.deepEqual(results.warnings, { lifeboat: [], cluster: [], namespaces: {} });
  assert.equal(outcome.counts.failed, 0, JSON.stringify(outcome.items.filter((i) => i.action === "failed")));
  assert.equal(outcome.itemsRestored, outcome.totalItems);
  assert.deepEqual(first.progress.at(-1), { totalItems: outcome.totalItems, itemsRestored: outcome.totalItems });
  assert.ok(outcome.resourceList["apiextensions.k8s.io/v1/CustomResourceDefinition"]?.includes(`${crd}(created)`));
  assert.ok(outcome.resourceList[`${group}/v1/Widget`]?.includes(`${ns}/w1(created)`));
  const lines = (await readFile(outcome.itemsFile, "utf8")).trim().split("\n");
  assert.equal(lines.length, outcome.itemsRestored);
  console.log(`restore 1: ${outcome.totalItems} items, ${JSON.stringify(outcome.counts)}`);
  if (process.env.DEBUG_RESTORE)
    console.log(outcome.items.map((i) => `${i.action} ${i.groupResource} ${i.name} ${i.reason ?? ""}`).join("\n"));
});

test("objects come back with the same spec, data and labels, and the restore's labels", async () => {
  for (const key of ["configmap/settings", "configmap/other", "secret/creds"]) {
    const [kind, name] = key.split("/") as [string, string];
    assert.deepEqual((await get(kind, ns, name)).data, before_[key]?.data, key);
  }
  assert.deepEqual((await get("role", ns, "reader")).rules, before_["role/reader"]?.rules);
  const binding = await get("rolebinding", ns, "web-reads");
  assert.deepEqual(binding.subjects, before_["rolebinding/web-reads"]?.subjects);
  assert.deepEqual(binding.roleRef, before_["rolebinding/web-reads"]?.roleRef);
  await get("serviceaccount", ns, "web");
  assert.deepEqual((await get("deployment", ns, "web")).spec, before_["deployment/web"]?.spec);
  const namespace = await cluster.core.readNamespace({ name: ns });
  assert.equal(namespace.metadata?.labels?.team, "e2e");
  assert.equal(namespace.metadata?.annotations?.owner, "restore-test");
  for (const obj of [binding, await get("service", ns, "web"), await get("configmap", ns, "settings")]) {
    assert.equal(obj.metadata.labels?.["lifeboat.dev/restore-name"], `r1-${suffix}`);
    assert.equal(obj.metadata.labels?.["lifeboat.dev/backup-name"], backupName);
  }
});

test("the custom resources exist after their CRD, with their status restored", async () => {
  for (const n of ["w1", "w2"]) {
    const widget = await get("widget", ns, n);
    assert.deepEqual(widget.spec, before_[`widget/${n}`]?.spec);
    assert.equal(widget.metadata.labels?.["lifeboat.dev/restore-name"], `r1-${suffix}`);
  }
  assert.deepEqual((await get("widget", ns, "w1")).status, { phase: "Ready", observed: 3 });
  assert.equal(itemOf(first.outcome, `widgets.${group}`, "w1", ns)?.reason, "status restored");
});

test("services get fresh cluster IPs and node ports; the headless one stays headless", async () => {
  const web = await get("service", ns, "web");
  const oldWeb = before_["service/web"]!;
  assert.deepEqual(withoutAllocated(web.spec), withoutAllocated(oldWeb.spec));
  assert.ok(web.spec?.clusterIP && web.spec.clusterIP !== "None");
  assert.notEqual(web.spec?.clusterIP, oldWeb.spec?.clusterIP, "a fresh cluster IP");
  const nodePort = await get("service", ns, "web-nodeport");
  const newPort = (nodePort.spec as { ports: { nodePort: number }[] }).ports[0]!.nodePort;
  const oldPort = (before_["service/web-nodeport"]!.spec as { ports: { nodePort: number }[] }).ports[0]!.nodePort;
  assert.ok(newPort > 0 && newPort !== oldPort, `a fresh node port (old ${oldPort}, new ${newPort})`);
  assert.deepEqual(withoutAllocated(nodePort.spec), withoutAllocated(before_["service/web-nodeport"]!.spec));
  assert.equal((await get("service", ns, "web-headless")).spec?.clusterIP, "None");
});

test("the completed Job and its pod stay gone; the claim is provisioned a new volume", async () => {
  const { outcome } = first;
  assert.ok(await gone("job", ns, "migrate"), "the completed Job is not restored");
  assert.match(itemOf(outcome, "jobs.batch", "migrate", ns)?.reason ?? "", /completed/);
  const completedPods = outcome.items.filter((i) => i.groupResource === "pods" && /completed/.test(i.reason ?? ""));
  assert.equal(completedPods.length, 1, "the Job's finished pod is skipped");
  const claim = await get("pvc", ns, "data");
  const oldClaim = before_["pvc/data"]!;
  assert.notEqual(claim.spec?.volumeName, oldClaim.spec?.volumeName);
  assert.match(itemOf(outcome, "persistentvolumes", String(oldClaim.spec?.volumeName))?.reason ?? "", /Delete/);
});

test("the restored workload runs again on a new volume", async () => {
  await waitFor(
    "the restored web pod to run with its claim bound",
    async () => {
      const claim = await cluster.core.readNamespacedPersistentVolumeClaim({ name: "data", namespace: ns });
      const pods = await cluster.core.listNamespacedPod({ namespace: ns, labelSelector: "app=web" });
      return claim.status?.phase === "Bound" && pods.items.some((p) => p.status?.phase === "Running");
    },
    90_000,
  );
});

test("restoring into a new namespace while the original exists", async () => {
  const { outcome, results } = await restore(`r2-${suffix}`, { namespaceMapping: { [ns]: copyNs } });
  assert.deepEqual(results.errors, { lifeboat: [], cluster: [], namespaces: {} });
  assert.deepEqual(results.warnings, { lifeboat: [], cluster: [], namespaces: {} });
  assert.deepEqual((await get("configmap", copyNs, "settings")).data, before_["configmap/settings"]?.data);
  const binding = await get("rolebinding", copyNs, "web-reads");
  assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: "web", namespace: copyNs }]);
  for (const n of ["w1", "w2"]) assert.deepEqual((await get("widget", copyNs, n)).spec, before_[`widget/${n}`]?.spec);
  const copy = await cluster.core.readNamespace({ name: copyNs });
  assert.equal(copy.metadata?.labels?.team, "e2e", "the source namespace's labels");
  assert.equal(copy.metadata?.labels?.["kubernetes.io/metadata.name"], copyNs);
  assert.equal(itemOf(outcome, "namespaces", copyNs)?.action, "created");
  assert.equal(
    itemOf(outcome, "customresourcedefinitions.apiextensions.k8s.io", crd)?.action,
    "skipped",
    "the CRD exists and is the same",
  );
  const web = await get("service", copyNs, "web");
  assert.notEqual(web.spec?.clusterIP, (await get("service", ns, "web")).spec?.clusterIP);
  assert.equal((await get("configmap", ns, "settings")).metadata.labels?.["lifeboat.dev/restore-name"], `r1-${suffix}`);
});

test("existingResourcePolicy none leaves a changed object with a warning; update patches it back", async () => {
  await rest.patch(paths.configmap!(ns, "settings"), { data: { mode: "slow", extra: "x" } });

  const none = await restore(`r3-${suffix}`, {});
  assert.deepEqual(none.results.errors, { lifeboat: [], cluster: [], namespaces: {} });
  assert.deepEqual((await get("configmap", ns, "settings")).data, { mode: "slow", level: "3", extra: "x" });
  const warnings = none.results.warnings.namespaces[ns] ?? [];
  assert.deepEqual(
    warnings,
    [
      `configmaps ${ns}/settings exists and differs (data.mode, data.extra); not changed (use --existing-resource-policy update)`,
    ],
    JSON.stringify(none.results.warnings),
  );
  assert.equal(itemOf(none.outcome, "configmaps", "settings", ns)?.action, "skipped");
  assert.equal(itemOf(none.outcome, "configmaps", "other", ns)?.reason, "exists and is the same as in the backup");

  const update = await restore(`r4-${suffix}`, { existingResourcePolicy: "update" });
  assert.deepEqual(update.results.errors, { lifeboat: [], cluster: [], namespaces: {} });
  const settings = await get("configmap", ns, "settings");
  assert.deepEqual(settings.data, before_["configmap/settings"]?.data);
  assert.equal(settings.metadata.labels?.["lifeboat.dev/restore-name"], `r4-${suffix}`);
  assert.equal(itemOf(update.outcome, "configmaps", "settings", ns)?.action, "updated");
  assert.equal(
    (await get("configmap", ns, "other")).metadata.labels?.["lifeboat.dev/restore-name"],
    `r4-${suffix}`,
    "unchanged objects get the restore's labels under update",
  );
});

function crdItem(plural: string, kind: string): TarItem {
  return {
    groupResource: "customresourcedefinitions.apiextensions.k8s.io",
    obj: {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: `${plural}.${clashGroup}` },
      spec: {
        group: clashGroup,
        scope: "Namespaced",
        names: { plural, singular: plural.slice(0, -1), kind },
        versions: [
          {
            name: "v1",
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
          },
        ],
      },
    },
  };
}

test("resources the cluster does not serve are skipped with a warning; CRs of an unusable CRD fail", async () => {
  // A CRD of the cluster already uses the kind Gizmo, so the backup's gadgets CRD (kind Gizmo too)
  // never gets its names accepted.
  await apply(JSON.stringify(crdItem("gizmos", "Gizmo").obj));
  await cluster.kubectl(["wait", "--for=condition=Established", `crd/gizmos.${clashGroup}`, "--timeout=60s"]);
  const items: TarItem[] = [
    crdItem("gadgets", "Gizmo"),
    {
      groupResource: `gadgets.${clashGroup}`,
      namespace: otherNs,
      obj: { apiVersion: `${clashGroup}/v1`, kind: "Gizmo", metadata: { name: "g1", namespace: otherNs } },
    },
    {
      groupResource: "doodads.nowhere.example",
      namespace: otherNs,
      obj: { apiVersion: "nowhere.example/v1", kind: "Doodad", metadata: { name: "d1", namespace: otherNs } },
    },
    {
      groupResource: "configmaps",
      namespace: otherNs,
      obj: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm", namespace: otherNs }, data: { a: "1" } },
    },
  ];
  const gz = await buildTarball(items);
  const { outcome, results } = await restore(
    `r5-${suffix}`,
    { includedNamespaces: [], includeClusterResources: true },
    () => Readable.from([gz]),
  );
  assert.deepEqual((await get("configmap", otherNs, "cm")).data, { a: "1" }, "the rest is restored");
  assert.equal(itemOf(outcome, "doodads.nowhere.example", "d1", otherNs)?.action, "skipped");
  assert.deepEqual(results.warnings.namespaces[otherNs], [
    "1 doodads.nowhere.example not restored: the cluster does not serve this resource (install its CRD or API first)",
  ]);
  const gadget = itemOf(outcome, `gadgets.${clashGroup}`, "g1", otherNs);
  assert.equal(gadget?.action, "failed");
  assert.match(
    results.errors.namespaces[otherNs]?.[0] ?? "",
    /g1: not restored, its CustomResourceDefinition .* not usable: its names were not accepted/,
  );
  assert.match(
    results.errors.cluster[0] ?? "",
    new RegExp(`CustomResourceDefinition gadgets.${clashGroup} is not usable`),
  );
});

test("1000 ConfigMaps are restored in parallel (measured)", async () => {
  const count = 1000;
  const items: TarItem[] = Array.from({ length: count }, (_, i) => ({
    groupResource: "configmaps",
    namespace: bulkNs,
    obj: {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: `cm-${String(i).padStart(5, "0")}`, namespace: bulkNs, labels: { app: "bulk" } },
      data: { index: String(i), payload: "x".repeat(512) },
    },
  }));
  const gz = await buildTarball(items);
  const fast = new RestClient(cluster.kc, { limiter: new TokenBucket({ qps: 2000, burst: 2000 }) });
  const rss = process.memoryUsage().rss;
  const started = performance.now();
  const { outcome, results } = await restore(
    `r6-${suffix}`,
    { includedNamespaces: [bulkNs] },
    () => Readable.from([gz]),
    fast,
  );
  const seconds = (performance.now() - started) / 1000;
  assert.deepEqual(results.errors, { lifeboat: [], cluster: [], namespaces: {} });
  assert.equal(outcome.counts.created, count + 1, "every ConfigMap and the namespace");
  const listed = await rest.get<{ items: unknown[] }>(`/api/v1/namespaces/${bulkNs}/configmaps`, {
    query: { labelSelector: "app=bulk" },
  });
  assert.equal(listed.items.length, count);
  assert.equal(outcome.items.length, count + 1);
  assert.equal(outcome.itemsTruncated, false);
  console.log(
    `restored ${count} ConfigMaps in ${seconds.toFixed(1)} s (${Math.round(count / seconds)}/s), ` +
      `RSS +${Math.round((process.memoryUsage().rss - rss) / 1048576)} MiB`,
  );
});

test("a cancelled restore stops early with Aborted", async () => {
  const count = 400;
  const items: TarItem[] = Array.from({ length: count }, (_, i) => ({
    groupResource: "configmaps",
    namespace: abortNs,
    obj: {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: `cm-${i}`, namespace: abortNs },
      data: { i: String(i) },
    },
  }));
  const gz = await buildTarball(items);
  const dir = await mkdtemp(path.join(work, "abort-"));
  const results = new ResultsCollector();
  const log = new RunLog({ file: path.join(dir, "restore.log"), results });
  const ac = new AbortController();
  const request: RestoreRequest = {
    name: `r7-${suffix}`,
    uid: "u7",
    backupName,
    includedNamespaces: [],
    excludedNamespaces: [],
    includedResources: [],
    excludedResources: [],
    namespaceMapping: {},
    existingResourcePolicy: "none",
  };
  const started = performance.now();
  await assert.rejects(
    runRestore(request, {
      rest,
      workDir: dir,
      log,
      results,
      tarball: Readable.from([gz]),
      signal: ac.signal,
      concurrency: 4,
      onProgress: (p) => {
        if (p.itemsRestored >= 10) ac.abort();
      },
    }),
    (err: unknown) => RestoreError.is(err, "Aborted"),
  );
  log.close();
  const listed = await rest.get<{ items: unknown[] }>(`/api/v1/namespaces/${abortNs}/configmaps`);
  assert.ok(listed.items.length < count, `only part was restored (${listed.items.length} of ${count})`);
  assert.ok(performance.now() - started < 60_000);
});
