/**
 * The S3 store against the real MinIO of the local cluster: the ObjectStore conformance suite
 * (raw, and as composed with retries/limits/metrics), S3-specific errors, presigned URLs through
 * a publicUrl, and fault injection through a loopback proxy in front of MinIO.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Registry } from "prom-client";
import { useCluster, type TestCluster } from "../cluster/harness.ts";
import { FaultProxy } from "../support/fault-proxy.ts";
import { listAll, objectStoreConformance, pseudoRandomStream, sha256Of } from "../../src/storage/conformance.ts";
import { readAll } from "../../src/storage/body.ts";
import { BackupStore } from "../../src/storage/backup-store.ts";
import { decorate } from "../../src/storage/compose.ts";
import { StorageError } from "../../src/storage/errors.ts";
import type { ObjectStore } from "../../src/storage/object-store.ts";
import { s3ConfigFromLocation, type S3StoreConfig } from "../../src/storage/s3/s3-config.ts";
import { S3Store } from "../../src/storage/s3/s3-store.ts";

function s3Config(cluster: TestCluster, overrides: Partial<S3StoreConfig> = {}, prefix = ""): S3StoreConfig {
  return {
    ...s3ConfigFromLocation(
      {
        bucket: cluster.s3.bucket,
        prefix,
        config: { region: cluster.s3.region, s3Url: cluster.s3.endpoint, s3ForcePathStyle: "true" },
      },
      { accessKeyId: cluster.s3.accessKey, secretAccessKey: cluster.s3.secretKey },
    ),
    ...overrides,
  };
}

async function emptyPrefix(store: ObjectStore): Promise<void> {
  const keys = (await listAll(store)).flatMap((e) => (e.kind === "object" ? [e.object.key] : []));
  await store.deleteMany(keys);
}

objectStoreConformance("S3 on MinIO", async () => {
  const cluster = await useCluster();
  const store = new S3Store(s3Config(cluster, {}, `conformance-${randomBytes(4).toString("hex")}`));
  return { store, cleanup: async () => (await emptyPrefix(store), store.destroy()) };
});

objectStoreConformance("S3 on MinIO, composed with metrics, retries and a concurrency limit", async () => {
  const cluster = await useCluster();
  const raw = new S3Store(s3Config(cluster, {}, `conformance-composed-${randomBytes(4).toString("hex")}`));
  const store = decorate(raw, { name: "minio", registry: new Registry(), maxConcurrency: 8 });
  return { store, cleanup: async () => (await emptyPrefix(store), raw.destroy()) };
});

describe("S3 store errors and presigning", () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await useCluster();
  });

  test("wrong credentials are InvalidCredentials", async () => {
    const store = new S3Store(
      s3Config(cluster, {
        credentials: { accessKeyId: cluster.s3.accessKey, secretAccessKey: "wrong-secret" },
      }),
    );
    await assert.rejects(listAll(store), (err) => StorageError.is(err, "InvalidCredentials"));
    await assert.rejects(store.put("x", Buffer.from("x")), (err) => StorageError.is(err, "InvalidCredentials"));
    const unknownKey = new S3Store(
      s3Config(cluster, { credentials: { accessKeyId: "nobody", secretAccessKey: "nothing" } }),
    );
    await assert.rejects(listAll(unknownKey), (err) => StorageError.is(err, "InvalidCredentials"));
  });

  test("a missing bucket is BucketNotFound", async () => {
    const store = new S3Store(s3Config(cluster, { bucket: "no-such-bucket-lifeboat" }));
    await assert.rejects(listAll(store), (err) => StorageError.is(err, "BucketNotFound"));
    await assert.rejects(store.put("x", Buffer.from("x")), (err) => StorageError.is(err, "BucketNotFound"));
    await assert.rejects(store.get("x"), (err) => StorageError.is(err, "BucketNotFound"));
  });

  test("a presigned URL uses publicUrl's host and serves the object", async () => {
    const publicUrl = cluster.s3.endpoint.replace("127.0.0.1", "localhost");
    const store = new S3Store(s3Config(cluster, { publicUrl }, `presign-${randomBytes(4).toString("hex")}`));
    await store.put("logs/backup log.gz", Buffer.from("compressed log bytes"));
    const url = await store.presignGet("logs/backup log.gz", 300);
    assert.ok(url.startsWith(`${publicUrl}/`), url);
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "compressed log bytes");
    await assert.rejects(store.presignGet("x", 8 * 24 * 3600), (err) => StorageError.is(err, "InvalidArgument"));
    await emptyPrefix(store);
  });
});

describe("fault injection through a proxy in front of MinIO", () => {
  let cluster: TestCluster;
  let proxy: FaultProxy;
  let raw: S3Store;
  let store: ObjectStore;
  const retries: string[] = [];

  before(async () => {
    cluster = await useCluster();
    proxy = await FaultProxy.start(cluster.s3.endpoint);
    const fast = { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 100 };
    raw = new S3Store(
      s3Config(
        cluster,
        {
          endpoint: proxy.url,
          idleTimeoutMs: 1500,
          partSizeBytes: 5 * 1024 * 1024,
          partRetry: fast,
        },
        `faults-${randomBytes(4).toString("hex")}`,
      ),
    );
    store = decorate(raw, {
      name: "faulty",
      registry: new Registry(),
      retry: {
        ...fast,
        onRetry: (err) => retries.push(StorageError.is(err) ? err.code : String(err)),
      },
    });
  });

  after(async () => {
    proxy.clear();
    await emptyPrefix(store);
    raw.destroy();
    await proxy.close();
  });

  test("a PUT answered 503 SlowDown and 500 is retried and stores the exact bytes", async () => {
    proxy.clear();
    retries.length = 0;
    proxy.inject({ method: "PUT", fault: { kind: "status", status: 503, code: "SlowDown" } });
    proxy.inject({ method: "PUT", fault: { kind: "status", status: 500, code: "InternalError" } });
    const bytes = randomBytes(256 * 1024);
    await store.put("retry/put.bin", bytes);
    assert.deepEqual(retries, ["Throttled", "ServerError"]);
    assert.equal(proxy.seen.filter((r) => r.method === "PUT").length, 3);
    assert.deepEqual(await readAll(await store.get("retry/put.bin")), bytes);
  });

  test("a 20 MiB streamed multipart upload survives a failed part and a reset mid-request", async () => {
    proxy.clear();
    const size = 20 * 1024 * 1024 + 17;
    proxy.inject({
      method: "PUT",
      urlIncludes: "partNumber=2",
      fault: { kind: "status", status: 503, code: "SlowDown" },
    });
    proxy.inject({ method: "PUT", urlIncludes: "partNumber=3", fault: { kind: "reset-request" } });
    await store.put("retry/multipart.bin", pseudoRandomStream(size, 20), { length: size });
    assert.ok(
      proxy.seen.some((r) => r.fault === "status"),
      "the 503 was injected",
    );
    assert.ok(
      proxy.seen.some((r) => r.fault === "reset-request"),
      "the reset was injected",
    );
    assert.equal(await sha256Of(await store.get("retry/multipart.bin")), await sha256Of(pseudoRandomStream(size, 20)));
  });

  test("a download reset mid-body resumes where it broke and is byte-identical", async () => {
    proxy.clear();
    const size = 12 * 1024 * 1024;
    await store.put("retry/download.bin", pseudoRandomStream(size, 12), { length: size });
    proxy.inject({
      method: "GET",
      urlIncludes: "download.bin",
      fault: { kind: "reset-response", afterBytes: 3 * 1024 * 1024 },
      times: 2,
    });
    assert.equal(await sha256Of(await store.get("retry/download.bin")), await sha256Of(pseudoRandomStream(size, 12)));
    const gets = proxy.seen.filter((r) => r.method === "GET" && r.url.includes("download.bin"));
    assert.equal(gets.length, 3, "two broken reads and one resumed read");
  });

  test("a stalled request times out and is retried", async () => {
    proxy.clear();
    retries.length = 0;
    await store.put("retry/stall.txt", Buffer.from("patience"));
    proxy.inject({ method: "HEAD", fault: { kind: "stall", ms: 10_000 } });
    const started = Date.now();
    assert.equal((await store.stat("retry/stall.txt")).size, 8);
    assert.deepEqual(retries, ["Timeout"]);
    assert.ok(Date.now() - started < 8000, "gave up on the stalled request after the request timeout");
  });

  test("AccessDenied and NotFound surface at once, without retries", async () => {
    proxy.clear();
    retries.length = 0;
    proxy.inject({ method: "GET", fault: { kind: "status", status: 403, code: "AccessDenied" } });
    await assert.rejects(
      store.get("retry/put.bin"),
      (err) => StorageError.is(err, "AccessDenied") && err.key === "retry/put.bin",
    );
    await assert.rejects(store.get("retry/never-written"), (err) => StorageError.is(err, "NotFound"));
    assert.deepEqual(retries, []);
    assert.equal(proxy.seen.length, 2);
  });
});

describe("backup store on MinIO", () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await useCluster();
  });

  test("a backup is visible only once committed, and validate reports a usable location", async () => {
    const raw = new S3Store(s3Config(cluster, {}, `backup-store-${randomBytes(4).toString("hex")}`));
    const backups = new BackupStore(decorate(raw, { name: "minio" }));
    assert.deepEqual(await backups.validate(), { phase: "Available" });
    const contents = randomBytes(3 * 1024 * 1024);
    await backups.putBackup("app-1", {
      metadata: { name: "app-1" },
      contents,
      log: "ok\n",
      results: {},
    });
    // a crashed attempt: contents uploaded, metadata never written
    await raw.put("backups/app-2/app-2.tar.gz", Buffer.from("partial"));
    assert.deepEqual(await backups.listBackups(), ["app-1"]);
    assert.deepEqual(await readAll(await backups.getBackupContents("app-1")), contents);
    await backups.deleteBackup("app-1");
    assert.deepEqual(await backups.listBackups(), []);
    await emptyPrefix(raw);
    raw.destroy();
  });

  test("validate explains a missing bucket, wrong credentials, an unreachable endpoint and a foreign prefix", async () => {
    const messageOf = async (overrides: Partial<S3StoreConfig>, prefix = ""): Promise<string> => {
      const store = new S3Store(
        s3Config(cluster, { idleTimeoutMs: 2000, connectTimeoutMs: 2000, ...overrides }, prefix),
      );
      const status = await new BackupStore(
        decorate(store, { name: "v", retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }),
      ).validate();
      store.destroy();
      assert.equal(status.phase, "Unavailable");
      return status.phase === "Unavailable" ? status.message : "";
    };
    assert.match(
      await messageOf({ bucket: "no-such-bucket-lifeboat" }),
      /does not exist: create it, or fix objectStorage\.bucket/,
    );
    assert.match(
      await messageOf({
        credentials: { accessKeyId: cluster.s3.accessKey, secretAccessKey: "wrong" },
      }),
      /rejected the credentials/,
    );
    assert.match(await messageOf({ endpoint: "http://127.0.0.1:9" }), /cannot reach .*config\.s3Url/);
    const foreign = `foreign-${randomBytes(4).toString("hex")}`;
    const raw = new S3Store(s3Config(cluster, {}, foreign));
    await raw.put("photos/cat.jpg", Buffer.from("x"));
    assert.match(await messageOf({}, foreign), /photos.*objectStorage\.prefix/);
    await emptyPrefix(raw);
    raw.destroy();
  });
});
