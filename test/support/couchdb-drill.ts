/**
 * The disaster drill from the field, one step at a time, for `npm run demo` (which narrates it)
 * and for the end-to-end test (which asserts on what it returns): a CouchDB-like StatefulSet
 * with two volumes full of data → annotate → `lifeboat backup create --wait` → describe, logs →
 * `kubectl delete ns couchdb` → `lifeboat restore create --wait` → describe, logs → pods Running
 * and every file byte-identical → 1% of the files changed → a second, incremental backup →
 * stock restic lists and restores the snapshots with the password Lifeboat prints.
 */
import { createHash, randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, utimes, writeFile, chmod, open } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { TestCluster } from "../cluster/harness.ts";
import { lifeboatCli, type LifeboatInfo } from "../cluster/lifeboat.ts";
import { describeTree, type EntryFacts } from "./tree-snapshot.ts";
import { apply } from "./workload.ts";

const run = promisify(execFile);
export const drillNamespace = "couchdb";
export const backupName = "backup-couchdb-test";
export const restoreName = "restore-couchdb-test";
export const incrementalBackupName = "backup-couchdb-test-2";
export const pods = ["couchdb-0", "couchdb-1"];
const volume = "couchdb-data";

export interface DrillSize {
  bigFileMiB: number;
  smallFiles: number;
}

export const fullSize: DrillSize = { bigFileMiB: 200, smallFiles: 10_000 };

export type Narrate = (line: string) => void;

export interface TreeFacts {
  files: number;
  bytes: number;
  /** SHA-256 over every entry's name, type, mode, size, content hash and link target (times are compared separately). */
  checksum: string;
  entries: Map<string, EntryFacts>;
}

function factsOf(root: string): TreeFacts {
  const { entries } = describeTree(root);
  let files = 0;
  let bytes = 0;
  const hash = createHash("sha256");
  for (const key of [...entries.keys()].sort()) {
    const e = entries.get(key);
    if (!e) continue;
    if (e.type === "file") {
      files++;
      bytes += e.size ?? 0;
    }
    hash.update(`${key} ${JSON.stringify({ ...e, mtimeUs: undefined })}\n`);
  }
  return { files, bytes, checksum: hash.digest("hex"), entries };
}

export class Drill {
  readonly #cluster: TestCluster;
  readonly #lifeboat: LifeboatInfo;
  readonly #say: Narrate;

  constructor(cluster: TestCluster, lifeboat: LifeboatInfo, narrate: Narrate) {
    this.#cluster = cluster;
    this.#lifeboat = lifeboat;
    this.#say = narrate;
  }

  /** Runs the CLI the way the user would type it; prints the command and its output. */
  async lifeboat(args: string[], show = true): Promise<string> {
    this.#say(`$ lifeboat ${args.join(" ")}`);
    const out = await lifeboatCli(this.#lifeboat.kubeconfig, args);
    if (show && out.trim()) this.#say(out.trimEnd().replace(/^/gm, "  "));
    return out;
  }

  async kubectl(args: string[], show = true): Promise<string> {
    this.#say(`$ kubectl ${args.join(" ")}`);
    const out = await this.#cluster.kubectl(args);
    if (show && out.trim()) this.#say(out.trimEnd().replace(/^/gm, "  "));
    return out;
  }

  /** A clean slate: the drill's namespace and backups of an earlier run are removed. */
  async reset(): Promise<void> {
    await this.#cluster.kubectl([
      "delete",
      "namespace",
      drillNamespace,
      "--ignore-not-found",
      "--wait=true",
      "--timeout=180s",
    ]);
    for (const backup of [backupName, incrementalBackupName]) {
      const exists = await this.#cluster
        .kubectl(["-n", this.#lifeboat.namespace, "get", "backups.lifeboat.dev", backup])
        .then(() => true)
        .catch(() => false);
      if (!exists) continue;
      await lifeboatCli(this.#lifeboat.kubeconfig, ["backup", "delete", backup, "--confirm"]);
      await this.#until(`backup ${backup} to be deleted`, async () =>
        this.#cluster
          .kubectl(["-n", this.#lifeboat.namespace, "get", "backups.lifeboat.dev", backup])
          .then(() => false)
          .catch(() => true),
      );
    }
    await this.#cluster.kubectl([
      "-n",
      this.#lifeboat.namespace,
      "delete",
      "restores.lifeboat.dev",
      restoreName,
      "--ignore-not-found",
    ]);
  }

  async #until(what: string, probe: () => Promise<boolean>, timeoutMs = 300_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  async deployCouchdb(): Promise<void> {
    await this.kubectl(["create", "namespace", drillNamespace]);
    await apply(
      this.#cluster,
      `
apiVersion: v1
kind: Service
metadata: {name: couchdb, namespace: ${drillNamespace}, labels: {app: couchdb}}
spec: {clusterIP: None, selector: {app: couchdb}, ports: [{name: http, port: 5984}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: couchdb, namespace: ${drillNamespace}, labels: {app: couchdb}}
spec:
  serviceName: couchdb
  replicas: 2
  selector: {matchLabels: {app: couchdb}}
  template:
    metadata: {labels: {app: couchdb}}
    spec:
      containers:
        - name: couchdb
          image: couchdb:3.4
          ports: [{containerPort: 5984}]
          volumeMounts: [{name: ${volume}, mountPath: /opt/couchdb/data}]
  volumeClaimTemplates:
    - metadata: {name: ${volume}}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`,
    );
    await this.kubectl(["-n", drillNamespace, "rollout", "status", "statefulset/couchdb", "--timeout=180s"]);
  }

  /** Writes the data into each pod's volume, where the kubelet has it; returns its facts per pod. */
  async writeData(size: DrillSize): Promise<Map<string, TreeFacts>> {
    const facts = new Map<string, TreeFacts>();
    for (const pod of pods) {
      const root = await this.#cluster.volumePath(drillNamespace, pod, volume);
      await writeVolume(root, size, pod);
      facts.set(pod, factsOf(root));
    }
    return facts;
  }

  async volumeFacts(): Promise<Map<string, TreeFacts>> {
    const facts = new Map<string, TreeFacts>();
    for (const pod of pods) facts.set(pod, factsOf(await this.#cluster.volumePath(drillNamespace, pod, volume)));
    return facts;
  }

  /** Rewrites 1% of the small files in each volume; returns the bytes changed. */
  async changeOnePercent(size: DrillSize): Promise<number> {
    let bytes = 0;
    for (const pod of pods) {
      const root = await this.#cluster.volumePath(drillNamespace, pod, volume);
      const step = 100;
      for (let i = 0; i < size.smallFiles; i += step) {
        const data = randomBytes(256 + (i % 4096));
        await writeFile(smallFilePath(root, i), data);
        bytes += data.length;
      }
    }
    return bytes;
  }

  async waitForPodsRunning(): Promise<void> {
    for (const pod of pods) {
      await this.#until(`pod ${pod} to run`, async () => {
        const phase = await this.#cluster
          .kubectl(["-n", drillNamespace, "get", "pod", pod, "-o", "jsonpath={.status.phase}"])
          .catch(() => "");
        return phase === "Running";
      });
    }
  }

  async waitForNamespaceGone(): Promise<void> {
    await this.kubectl(["delete", "namespace", drillNamespace, "--wait=true", "--timeout=300s"]);
  }

  /** The repository password as `lifeboat repo password --show` prints it. */
  async repositoryPassword(): Promise<string> {
    return (await lifeboatCli(this.#lifeboat.kubeconfig, ["repo", "password", "--show"])).trim();
  }

  /** Stock restic against the namespace's repository in the bucket. */
  async restic(password: string, args: string[]): Promise<string> {
    const repo = `s3:${this.#lifeboat.s3.endpoint}/${this.#lifeboat.s3.bucket}/dev/restic/${drillNamespace}`;
    this.#say(`$ restic -r ${repo} ${args.join(" ")}`);
    const cache = await mkdtemp(path.join(tmpdir(), "restic-cache-"));
    try {
      const { stdout } = await run(this.#cluster.binary("restic"), ["-r", repo, ...args], {
        env: {
          ...process.env,
          RESTIC_PASSWORD: password,
          AWS_ACCESS_KEY_ID: this.#lifeboat.s3.accessKey,
          AWS_SECRET_ACCESS_KEY: this.#lifeboat.s3.secretKey,
          RESTIC_CACHE_DIR: cache,
        },
        maxBuffer: 256 * 1024 * 1024,
      });
      return stdout;
    } finally {
      await rm(cache, { recursive: true, force: true });
    }
  }

  /** restic restore of one snapshot into a temp folder; returns the facts of the volume's files. */
  async resticRestore(password: string, snapshot: { id: string; paths: string[] }): Promise<TreeFacts> {
    const target = await mkdtemp(path.join(tmpdir(), "restic-restore-"));
    try {
      await this.restic(password, ["restore", `${snapshot.id}:${snapshot.paths[0] ?? "/"}`, "--target", target]);
      return factsOf(target);
    } finally {
      await rm(target, { recursive: true, force: true });
    }
  }
}

function smallFilePath(root: string, i: number): string {
  return path.join(root, "docs", `shard-${Math.floor(i / 1000)}`, `part-${Math.floor(i / 100) % 10}`, `doc-${i}.json`);
}

const modes = [0o644, 0o600, 0o640, 0o755];

async function writeVolume(root: string, size: DrillSize, seed: string): Promise<void> {
  await mkdir(path.join(root, "shards"), { recursive: true });
  const big = path.join(root, "shards", "big.couch");
  const handle = await open(big, "w");
  try {
    for (let mib = 0; mib < size.bigFileMiB; mib += 8) {
      await handle.write(randomBytes(Math.min(8, size.bigFileMiB - mib) * 1024 * 1024));
    }
  } finally {
    await handle.close();
  }
  for (let i = 0; i < size.smallFiles; i++) {
    const file = smallFilePath(root, i);
    if (i % 100 === 0) await mkdir(path.dirname(file), { recursive: true });
    await writeFile(
      file,
      `{"_id":"${seed}-${i}","data":"${randomBytes(100 + ((i * 37) % 12_000)).toString("base64")}"}\n`,
    );
    await chmod(file, modes[i % modes.length] ?? 0o644);
    const when = new Date(Date.UTC(2025, i % 12, 1 + (i % 28), i % 24, i % 60, i % 60, i % 1000));
    await utimes(file, when, when);
  }
  await writeFile(path.join(root, "_users.couch"), `users of ${seed}\n`);
  await chmod(path.join(root, "_users.couch"), 0o600);
  await symlink("shards/big.couch", path.join(root, "current.couch"));
  const old = new Date("2024-02-29T12:34:56.789Z");
  await utimes(path.join(root, "shards"), old, old);
}

/** Equal, except that restored times may be 1 µs off (Node's utimes takes a double of seconds). */
function sameEntry(a: EntryFacts, b: EntryFacts): boolean {
  return (
    JSON.stringify({ ...a, mtimeUs: 0 }) === JSON.stringify({ ...b, mtimeUs: 0 }) &&
    Math.abs(a.mtimeUs - b.mtimeUs) <= 1
  );
}

/** Differences between two descriptions of a tree (empty when identical). */
export function treeDifferences(expected: TreeFacts, actual: TreeFacts, limit = 10): string[] {
  const problems: string[] = [];
  for (const [key, want] of expected.entries) {
    const got = actual.entries.get(key);
    const name = Buffer.from(key, "hex").toString("utf8");
    if (!got) problems.push(`${name}: missing`);
    else if (!sameEntry(want, got)) {
      problems.push(`${name}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
    }
    if (problems.length >= limit) return problems;
  }
  for (const key of actual.entries.keys()) {
    if (!expected.entries.has(key)) problems.push(`${Buffer.from(key, "hex").toString("utf8")}: unexpected`);
    if (problems.length >= limit) break;
  }
  return problems;
}
