/**
 * The `lifeboat` CLI binary against the real API server, for everything that needs no Lifeboat
 * server running: installing the CRDs, storage locations (create, get, the single default),
 * backups created with exactly the spec the flags say, invalid input that exits 1 with one line
 * naming the flag and creates nothing, `-o yaml` that sends nothing, `version` without a server,
 * and unusable kubeconfigs. Where a command waits for the server (`--wait`, `logs`), the test
 * plays the server's part by writing the status the controllers would write, so the CLI's watch,
 * DownloadRequest round trip and exit codes run for real.
 *
 * Every test works in its own randomly named install namespace (`-n`), so no Lifeboat server
 * that may be running in `lifeboat` picks up these objects, and this test disturbs nobody's.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { parse } from "yaml";
import type { Backup } from "../../src/api/backup.ts";
import { backupDefinition } from "../../src/api/backup.ts";
import { allDefinitions } from "../../src/api/crds.ts";
import { backupStorageLocationDefinition, type BackupStorageLocation } from "../../src/api/backup-storage-location.ts";
import { deleteBackupRequestDefinition } from "../../src/api/delete-backup-request.ts";
import { downloadRequestDefinition, type DownloadRequest } from "../../src/api/download-request.ts";
import { restoreDefinition } from "../../src/api/restore.ts";
import { serverStatusRequestDefinition } from "../../src/api/server-status-request.ts";
import { KubeError } from "../../src/kube/errors.ts";
import { lifeboatClient } from "../../src/kube/resource-client.ts";
import { RestClient } from "../../src/kube/rest.ts";
import { useCluster, type TestCluster } from "../cluster/harness.ts";

const bin = new URL("../../bin/lifeboat.js", import.meta.url).pathname;
const pkgVersion = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

let cluster: TestCluster;
let rest: RestClient;
const namespace = `e2e-cli-${randomBytes(3).toString("hex")}`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real binary with the cluster's kubeconfig and `-n <test namespace>` appended. */
function lifeboat(args: string[], options: { env?: NodeJS.ProcessEnv; ns?: boolean } = {}): Promise<Run> {
  const full = options.ns === false ? args : [...args, "-n", namespace];
  const env = options.env ?? { ...process.env, KUBECONFIG: cluster.kubeconfig, LIFEBOAT_NAMESPACE: "" };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...full], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Asserts exit 1 with exactly one stderr line that names `flag`, and nothing on stdout. */
function assertUsageError(run: Run, flag: string, detail?: RegExp): void {
  assert.equal(run.code, 1, run.stderr);
  const lines = run.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `one line, got:\n${run.stderr}`);
  assert.ok(lines[0]?.startsWith(`Error: ${flag}: `), lines[0]);
  if (detail) assert.match(lines[0] ?? "", detail);
  assert.equal(run.stdout, "");
}

const backups = () => lifeboatClient(rest, backupDefinition, namespace);
const restores = () => lifeboatClient(rest, restoreDefinition, namespace);
const locations = () => lifeboatClient(rest, backupStorageLocationDefinition, namespace);

/** A port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return typeof address === "object" && address ? address.port : 0;
}

async function exists(get: () => Promise<unknown>): Promise<boolean> {
  try {
    await get();
    return true;
  } catch (err) {
    if (KubeError.is(err, "NotFound")) return false;
    throw err;
  }
}

before(async () => {
  cluster = await useCluster();
  rest = new RestClient(cluster.kc);
  await cluster.core.createNamespace({ body: { metadata: { name: namespace } } });
  // The default install namespace, for anyone who runs the CLI without -n against this cluster.
  await cluster.core.createNamespace({ body: { metadata: { name: "lifeboat" } } }).catch(() => undefined);
});

after(async () => {
  await cluster.core.deleteNamespace({ name: namespace }).catch(() => undefined);
});

test("install --crds-only installs every CRD, Established, and is repeatable", async () => {
  const first = await lifeboat(["install", "--crds-only"], { ns: false });
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /CustomResourceDefinition\/backups\.lifeboat\.dev: (created|updated)/);
  assert.match(first.stderr, /Lifeboat CRDs are installed/);
  const crd = JSON.parse(await cluster.kubectl(["get", "crd", "backups.lifeboat.dev", "-o", "json"])) as {
    status: { conditions: { type: string; status: string }[] };
  };
  assert.ok(crd.status.conditions.some((c) => c.type === "Established" && c.status === "True"));
  const again = await lifeboat(["install", "--crds-only"], { ns: false });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stderr.match(/: updated\n/g)?.length, allDefinitions.length, again.stderr);
});

describe("backup-location", () => {
  test("create, then get -o json gives back the same spec", async () => {
    const created = await lifeboat([
      "backup-location",
      "create",
      "minio",
      "--provider",
      "aws",
      "--bucket",
      cluster.s3.bucket,
      "--prefix",
      "cli-e2e",
      "--config",
      `region=minio,s3ForcePathStyle=true,s3Url=${cluster.s3.endpoint}`,
      "--credential",
      "cloud-credentials=cloud",
      "--access-mode",
      "ReadOnly",
      "--validation-frequency",
      "30s",
    ]);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stderr, /Backup storage location "minio" configured successfully/);
    const got = await lifeboat(["backup-location", "get", "minio", "-o", "json"]);
    assert.equal(got.code, 0, got.stderr);
    const location = JSON.parse(got.stdout) as BackupStorageLocation;
    assert.deepEqual(location.spec, {
      provider: "aws",
      objectStorage: { bucket: cluster.s3.bucket, prefix: "cli-e2e" },
      config: { region: "minio", s3ForcePathStyle: "true", s3Url: cluster.s3.endpoint },
      credential: { name: "cloud-credentials", key: "cloud" },
      accessMode: "ReadOnly",
      validationFrequency: "30s",
    });
    assert.equal(location.metadata.managedFields, undefined, "managedFields hidden like kubectl does");
    const table = await lifeboat(["backup-location", "get"]);
    assert.match(table.stdout, /^NAME +PROVIDER +BUCKET\/PREFIX +PHASE +LAST VALIDATED +ACCESS MODE +DEFAULT\n/);
    assert.match(table.stdout, new RegExp(`\\nminio +aws +${cluster.s3.bucket}/cli-e2e +`));
  });

  test("--default moves the default: exactly one location is default at a time", async () => {
    const base = ["--provider", "aws", "--bucket", "b", "--config", "region=us-east-1"];
    assert.equal((await lifeboat(["backup-location", "create", "one", ...base, "--default"])).code, 0);
    assert.equal((await lifeboat(["backup-location", "create", "two", ...base, "--default"])).code, 0);
    const defaults = async () =>
      (await locations().list()).filter((l) => l.spec.default === true).map((l) => l.metadata.name);
    assert.deepEqual(await defaults(), ["two"]);
    const set = await lifeboat(["backup-location", "set", "one", "--default"]);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stderr, /"two" is no longer the default/);
    assert.deepEqual(await defaults(), ["one"]);
    const shown = await lifeboat(["backup-location", "get", "--default", "-o", "json"]);
    assert.deepEqual(
      (JSON.parse(shown.stdout) as { items: BackupStorageLocation[] }).items.map((l) => l.metadata.name),
      ["one"],
    );
  });

  test("bad location flags exit 1 naming the flag and create nothing", async () => {
    assertUsageError(
      await lifeboat([
        "backup-location",
        "create",
        "bad",
        "--provider",
        "aws",
        "--bucket",
        "b",
        "--config",
        "regoin=x",
      ]),
      "--config",
      /"regoin"/,
    );
    assertUsageError(
      await lifeboat(["backup-location", "create", "bad", "--provider", "gcs", "--bucket", "b"]),
      "--provider",
    );
    assert.equal(await exists(() => locations().get("bad")), false);
  });

  test("delete removes the location object after confirmation", async () => {
    const run = await lifeboat(["backup-location", "delete", "two", "--confirm"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /its backups in the bucket are kept/);
    assert.equal(await exists(() => locations().get("two")), false);
  });
});

describe("backup create", () => {
  test("the flags become exactly that spec on the created Backup", async () => {
    const run = await lifeboat([
      "backup",
      "create",
      "exact",
      "--include-namespaces",
      "a,b",
      "-l",
      "app=x",
      "--ttl",
      "1h",
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /Backup request "exact" submitted successfully/);
    const backup = await backups().get("exact");
    assert.deepEqual(backup.spec, {
      includedNamespaces: ["a", "b"],
      labelSelector: { matchLabels: { app: "x" } },
      ttl: "1h0m0s",
    });
    const table = await lifeboat(["backup", "get"]);
    assert.match(table.stdout, /^NAME +STATUS +ERRORS +WARNINGS +CREATED +EXPIRES +STORAGE LOCATION +SELECTOR\n/);
    assert.match(table.stdout, /\nexact +New +0 +0 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4} +<n\/a> +app=x\n/);
  });

  test("invalid values exit 1 with one line naming the flag, and nothing is created", async () => {
    const cases: [string[], string, RegExp][] = [
      [["--ttl", "5d"], "--ttl", /"5d" is not a duration/],
      [["-l", "app in (a"], "--selector", /expected '\)'/],
      [["-l", "app=x", "--or-selector", "a=b or c=d"], "--or-selector", /cannot be combined with --selector/],
      [["--include-namespaces", "Prod"], "--include-namespaces", /can never match a namespace/],
      [["--include-cluster-resources=maybe"], "--include-cluster-resources", /not true or false/],
      [["--storage-location", "nowhere"], "--storage-location", /"nowhere" does not exist/],
    ];
    for (const [flags, flag, detail] of cases) {
      const name = `bad-${randomBytes(3).toString("hex")}`;
      assertUsageError(await lifeboat(["backup", "create", name, ...flags]), flag, detail);
      assert.equal(await exists(() => backups().get(name)), false, `${flags.join(" ")} created ${name}`);
    }
  });

  test("-o yaml prints the Backup and sends nothing", async () => {
    const run = await lifeboat(["backup", "create", "printed", "--exclude-resources", "events", "-o", "yaml"]);
    assert.equal(run.code, 0, run.stderr);
    const printed = parse(run.stdout) as Backup;
    assert.equal(printed.kind, "Backup");
    assert.equal(printed.metadata.namespace, namespace);
    assert.deepEqual(printed.spec, { excludedResources: ["events"] });
    assert.equal(await exists(() => backups().get("printed")), false);
  });

  test("--wait follows the status to the end: PartiallyFailed exits 1 with the counts", async () => {
    const waiting = lifeboat(["backup", "create", "waited", "--wait"]);
    const client = backups();
    for (let i = 0; !(await exists(() => client.get("waited"))); i++) {
      assert.ok(i < 100, "the backup was not created");
      await new Promise((r) => setTimeout(r, 100));
    }
    await client.patchStatus("waited", {
      phase: "InProgress",
      startTimestamp: "2025-03-01T10:00:00Z",
      progress: { totalItems: 10, itemsBackedUp: 4 },
    });
    await new Promise((r) => setTimeout(r, 300));
    await client.patchStatus("waited", {
      phase: "PartiallyFailed",
      errors: 2,
      completionTimestamp: "2025-03-01T10:00:42Z",
      progress: { totalItems: 10, itemsBackedUp: 10 },
    });
    const run = await waiting;
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /Backup "waited" PartiallyFailed: 10 items, 2 errors, in 42s\./);
    assert.match(run.stderr, /lifeboat backup describe waited/);
  });
});

describe("restore create", () => {
  test("a bad --namespace-mappings exits 1 naming the flag and creates nothing", async () => {
    const run = await lifeboat([
      "restore",
      "create",
      "r-bad",
      "--from-backup",
      "exact",
      "--namespace-mappings",
      "a:b,c",
    ]);
    assertUsageError(run, "--namespace-mappings", /"c" is not source:target/);
    assert.equal(await exists(() => restores().get("r-bad")), false);
  });

  test("the backup must exist and be Completed or PartiallyFailed", async () => {
    assertUsageError(
      await lifeboat(["restore", "create", "r1", "--from-backup", "nope"]),
      "--from-backup",
      /"nope" does not exist/,
    );
    assertUsageError(
      await lifeboat(["restore", "create", "r1", "--from-backup", "exact"]),
      "--from-backup",
      /"exact" is New; only Completed or PartiallyFailed/,
    );
    const ok = await lifeboat(["restore", "create", "--from-backup", "waited", "--namespace-mappings", "a:a-copy"]);
    assert.equal(ok.code, 0, ok.stderr);
    const name = /Restore request "(waited-\d{14})" submitted/.exec(ok.stderr)?.[1];
    assert.ok(name, ok.stderr);
    assert.deepEqual((await restores().get(name)).spec, { backupName: "waited", namespaceMapping: { a: "a-copy" } });
    const listed = await lifeboat(["restore", "get"]);
    assert.match(
      listed.stdout,
      new RegExp(
        `^NAME +BACKUP +STATUS +STARTED +COMPLETED +ERRORS +WARNINGS +CREATED +SELECTOR\n${name} +waited +New +`,
      ),
    );
    const deleted = await lifeboat(["restore", "delete", name, "nope", "--confirm"]);
    assert.equal(deleted.code, 1, "a missing name fails the command after the others are done");
    assert.match(deleted.stderr, new RegExp(`Restore "${name}" deleted\\.\\nError: restore "nope" not found\\n`));
    assert.equal(await exists(() => restores().get(name)), false);
  });
});

describe("delete", () => {
  test("backup delete refuses without a terminal or --confirm, and with --confirm files a DeleteBackupRequest", async () => {
    const requests = lifeboatClient(rest, deleteBackupRequestDefinition, namespace);
    const refused = await lifeboat(["backup", "delete", "exact"]);
    assertUsageError(refused, "--confirm", /not a terminal/);
    assert.equal((await requests.list()).length, 0);
    const done = await lifeboat(["backup", "delete", "exact", "--confirm"]);
    assert.equal(done.code, 0, done.stderr);
    const [request, ...more] = await requests.list();
    assert.equal(more.length, 0);
    assert.equal(request?.spec.backupName, "exact");
    assert.equal(request?.metadata.labels?.["lifeboat.dev/backup-name"], "exact");
  });
});

describe("logs, describe --details and download through DownloadRequests", () => {
  const log = [
    JSON.stringify({ level: "info", time: "2025-03-01T10:00:00.000Z", msg: "backing up", namespace: "shop" }),
    JSON.stringify({ level: "warn", time: "2025-03-01T10:00:01.000Z", msg: "skipped", reason: "no volumes" }),
  ].join("\n");
  const tarball = gzipSync("pretend tar");
  const files: Record<string, Buffer> = {
    "/BackupLog": gzipSync(log + "\n"),
    "/BackupResourceList": gzipSync(JSON.stringify({ "v1/Pod": ["shop/web-0"], "apps/v1/Deployment": ["shop/web"] })),
    "/BackupResults": gzipSync(
      JSON.stringify({
        errors: { lifeboat: [], cluster: [], namespaces: { shop: ["pod web-1: gone"] } },
        warnings: { lifeboat: [], cluster: [], namespaces: {} },
      }),
    ),
    "/BackupContents": tarball,
  };
  const seen: DownloadRequest[] = [];
  let server: Server;
  let stop = false;
  let answering: Promise<void>;

  /** Plays the server's download controller: answers each new request with a URL for its kind. */
  async function answer(port: number): Promise<void> {
    const requests = lifeboatClient(rest, downloadRequestDefinition, namespace);
    while (!stop) {
      for (const request of await requests.list()) {
        if (request.status?.phase === "Processed") continue;
        seen.push(request);
        const downloadURL = `http://127.0.0.1:${port}/${request.spec.target.kind}`;
        await requests
          .patchStatus(request.metadata.name ?? "", { phase: "Processed", downloadURL })
          .catch(() => undefined);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  before(async () => {
    server = createServer((req, res) => {
      const body = files[req.url ?? ""];
      if (body) res.writeHead(200).end(body);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    answering = answer(typeof address === "object" && address ? address.port : 0);
  });

  after(async () => {
    stop = true;
    await answering;
    server.close();
  });

  test("backup logs prints the log as text lines and removes its request", async () => {
    const run = await lifeboat(["backup", "logs", "waited"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      "2025-03-01T10:00:00.000Z info  backing up namespace=shop\n" +
        '2025-03-01T10:00:01.000Z warn  skipped reason="no volumes"\n',
    );
    assert.deepEqual(seen.at(-1)?.spec.target, { kind: "BackupLog", name: "waited" });
    const raw = await lifeboat(["backup", "logs", "waited", "-o", "json"]);
    assert.equal(raw.stdout, log + "\n");
    const left = await lifeboatClient(rest, downloadRequestDefinition, namespace).list();
    assert.equal(left.length, 0, "requests are deleted after use");
  });

  test("logs of a backup that has not finished are refused with the phase", async () => {
    assertUsageError(await lifeboat(["backup", "logs", "printed-never"]), "NAME", /does not exist/);
    await lifeboat(["backup", "create", "running"]);
    assertUsageError(await lifeboat(["backup", "logs", "running"]), "NAME", /is New; its log is available once/);
  });

  test("describe --details shows the resource list by kind and the errors per namespace", async () => {
    const run = await lifeboat(["backup", "describe", "waited", "--details"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Phase: {2}PartiallyFailed\n/);
    assert.match(
      run.stdout,
      /Resource List:\n {2}apps\/v1\/Deployment \(1\):\n {4}- shop\/web\n {2}v1\/Pod \(1\):\n {4}- shop\/web-0\n/,
    );
    assert.match(run.stdout, /Errors:\n.*\n.*\n {2}Namespaces:\n {4}shop: {2}pod web-1: gone\n/);
  });

  test("download writes <NAME>-data.tar.gz whole and refuses to overwrite without --force", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-cli-dl-"));
    try {
      const file = path.join(dir, "waited-data.tar.gz");
      const run = await lifeboat(["backup", "download", "waited", "-o", file]);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(readFileSync(file), tarball);
      assertUsageError(await lifeboat(["backup", "download", "waited", "-o", file]), "--output", /--force/);
      const forced = await lifeboat(["backup", "download", "waited", "-o", file, "--force"]);
      assert.equal(forced.code, 0, forced.stderr);
      assert.deepEqual(readdirSync(dir), ["waited-data.tar.gz"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("version and kubeconfig problems", () => {
  test("version with no server prints the client version and 'not reachable', exit 0", async () => {
    const run = await lifeboat(["version"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`Version: v${pkgVersion.replaceAll(".", "\\.")}`));
    assert.match(
      run.stdout,
      new RegExp(`Server: <not reachable: no Lifeboat server answered within 5s in namespace ${namespace}>`),
    );
    const left = await lifeboatClient(rest, serverStatusRequestDefinition, namespace).list();
    assert.equal(left.length, 0, "the ServerStatusRequest is deleted");
  });

  test("a missing kubeconfig file and an unreachable API server are one clear line each", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "lifeboat-cli-kc-"));
    try {
      const missing = await lifeboat(["backup", "get", "--kubeconfig", path.join(dir, "nope")]);
      assertUsageError(missing, "kubeconfig", /cannot load kubeconfig/);
      const port = await freePort();
      const config = readFileSync(cluster.kubeconfig, "utf8").replace(
        /server: \S+/,
        `server: https://127.0.0.1:${port}`,
      );
      const unreachable = path.join(dir, "unreachable");
      await writeFile(unreachable, config);
      const run = await lifeboat(["backup", "get", "--kubeconfig", unreachable]);
      assert.equal(run.code, 1);
      assert.equal(run.stderr.trimEnd().split("\n").length, 1, run.stderr);
      assert.match(
        run.stderr,
        new RegExp(
          `^Error: cannot reach the Kubernetes API server at https://127\\.0\\.0\\.1:${port} \\(connect ECONNREFUSED`,
        ),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
