/**
 * `npm run cluster:up`: builds what is missing, then starts (or finds already running) every
 * process of the local test cluster, in order, waiting for each to be ready. Idempotent: a second
 * run starts nothing that is healthy. Prints what a user needs to reach the cluster.
 */
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { binaryPath, ensureBinaries } from "./build.ts";
import * as components from "./components.ts";
import { writeKubeconfig } from "./kubeconfig.ts";
import { adminKubeconfig, dirs, nodeNames, repoRoot } from "./paths.ts";
import { ensurePki, type ClientIdentity } from "./pki.ts";
import { runningPid, startDaemon, waitFor, type DaemonSpec } from "./processes.ts";
import { clusterInfo, loadOrCreateState, writeEnvFile, type ClusterInfo } from "./state.ts";
import { kubernetesVersion } from "./versions.ts";

const run = promisify(execFile);
type Log = (line: string) => void;

const identities: (ClientIdentity & { kubeconfig: string })[] = [
  {
    file: "admin",
    commonName: "lifeboat-dev-admin",
    organization: "system:masters",
    kubeconfig: adminKubeconfig,
  },
  {
    file: "kube-controller-manager",
    commonName: "system:kube-controller-manager",
    kubeconfig: components.componentKubeconfig("kube-controller-manager"),
  },
  {
    file: "kube-scheduler",
    commonName: "system:kube-scheduler",
    kubeconfig: components.componentKubeconfig("kube-scheduler"),
  },
  {
    // a test-only component; it gets cluster-admin rather than a hand-written role
    file: "hostpath-provisioner",
    commonName: "lifeboat-hostpath-provisioner",
    organization: "system:masters",
    kubeconfig: components.componentKubeconfig("hostpath-provisioner"),
  },
  ...nodeNames.map((node) => ({
    file: `kubelet-${node}`,
    commonName: `system:node:${node}`,
    organization: "system:nodes",
    kubeconfig: components.componentKubeconfig(`kubelet-${node}`),
  })),
];

const pkiOnlyIdentities: ClientIdentity[] = [{ file: "front-proxy-client", commonName: "front-proxy-client" }];

async function ensureRunning(component: components.Component, log: Log): Promise<void> {
  const { spec } = component;
  if (runningPid(spec.name) !== undefined && (await component.ready().catch(() => false))) {
    log(`  ${spec.name}: already running`);
    return;
  }
  const started = Date.now();
  if (runningPid(spec.name) === undefined) await startDaemon(spec);
  await waitFor(`${spec.name} to become ready`, component.ready, component.startTimeoutS * 1000, spec.name);
  log(`  ${spec.name}: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function ensureProcess(spec: DaemonSpec, log: Log): Promise<void> {
  if (runningPid(spec.name) !== undefined) {
    log(`  ${spec.name}: already running`);
    return;
  }
  await startDaemon(spec);
  log(`  ${spec.name}: started`);
}

async function kubectl(args: string[]): Promise<string> {
  const { stdout } = await run(binaryPath("kubectl"), ["--kubeconfig", adminKubeconfig, ...args]);
  return stdout;
}

async function nodesReady(): Promise<boolean> {
  const out = await kubectl([
    "get",
    "nodes",
    "-o",
    'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}',
  ]);
  const ready = new Set(
    out
      .split("\n")
      .filter((l) => l.endsWith("=True"))
      .map((l) => l.split("=")[0]),
  );
  return nodeNames.every((n) => ready.has(n));
}

async function ensureBucket(info: ClusterInfo): Promise<void> {
  const s3 = new S3Client({
    endpoint: info.s3.endpoint,
    region: info.s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: info.s3.accessKey, secretAccessKey: info.s3.secretKey },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: info.s3.bucket }));
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name !== "BucketAlreadyOwnedByYou" && name !== "BucketAlreadyExists") throw err;
  } finally {
    s3.destroy();
  }
}

export async function clusterUp(log: Log): Promise<ClusterInfo> {
  const started = Date.now();
  await ensureBinaries(log);
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
  await ensurePki([...identities, ...pkiOnlyIdentities]);
  for (const id of identities) await writeKubeconfig(id.kubeconfig, id.file, id.commonName);
  const state = await loadOrCreateState();
  const info = clusterInfo(state);

  log("starting the control plane");
  await ensureRunning(components.etcd(), log);
  await ensureRunning(components.apiserver(), log);
  await ensureRunning(components.controllerManager(), log);
  await ensureRunning(components.scheduler(), log);
  await kubectl(["apply", "-f", path.join(repoRoot, "test", "cluster", "manifests", "storage.yaml")]);

  log("starting the nodes and the hostpath provisioner");
  await ensureProcess(components.hostpathProvisioner(), log);
  for (const node of nodeNames) await ensureProcess(components.fakeKubelet(node), log);
  await waitFor("nodes node-1 and node-2 to become Ready", nodesReady, 60_000);

  log("starting MinIO");
  await ensureRunning(components.minio(state.minio), log);
  await ensureBucket(info);

  const binDirs = [...new Set(["kubectl", "restic", "minio"].map((b) => path.dirname(binaryPath(b))))];
  const envFile = await writeEnvFile(info, binDirs);
  log(`
Lifeboat dev cluster is up: Kubernetes ${kubernetesVersion}, nodes ${nodeNames.join(", ")} (${((Date.now() - started) / 1000).toFixed(1)} s)
  KUBECONFIG     ${info.kubeconfig}
  kubectl        ${binaryPath("kubectl")}
  S3 endpoint    ${info.s3.endpoint}  (bucket "${info.s3.bucket}", region ${info.s3.region})
  access key     ${info.s3.accessKey}
  secret key     ${info.s3.secretKey}
  logs           ${dirs.logs}
  shell setup    source ${envFile}
Stop it with: npm run cluster:down   (add -- --purge to wipe its data)`);
  return info;
}

if (import.meta.main) {
  try {
    await clusterUp((line) => console.log(line));
  } catch (err) {
    console.error(`cluster:up failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
