/**
 * `npm run bench:storage`: 16 MiB PUT and GET throughput against the local cluster's MinIO on
 * loopback, at concurrency 1 and 8 — Lifeboat's S3 store (as composed: metrics, retries,
 * concurrency limit, Content-MD5 on every upload) side by side with the bare AWS SDK client
 * (plain PutObject/GetObject, no checksums) as the peer, and the ratio between them.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { Registry } from "prom-client";
import { useCluster } from "../test/cluster/harness.ts";
import { decorate } from "../src/storage/compose.ts";
import { s3ConfigFromLocation } from "../src/storage/s3/s3-config.ts";
import { S3Store } from "../src/storage/s3/s3-store.ts";

const objectSize = 16 * 1024 * 1024;
const objectsPerRound = 24;
const cluster = await useCluster();
const prefix = `bench-${randomBytes(4).toString("hex")}`;
const config = s3ConfigFromLocation(
  {
    bucket: cluster.s3.bucket,
    prefix,
    config: { region: cluster.s3.region, s3Url: cluster.s3.endpoint, s3ForcePathStyle: "true" },
  },
  { accessKeyId: cluster.s3.accessKey, secretAccessKey: cluster.s3.secretKey },
);
const raw = new S3Store(config);
const lifeboat = decorate(raw, { name: "bench", registry: new Registry(), maxConcurrency: 32 });
const sdk = new S3Client({
  region: config.region,
  endpoint: config.endpoint,
  forcePathStyle: true,
  credentials: config.credentials,
  requestChecksumCalculation: "WHEN_REQUIRED",
  responseChecksumValidation: "WHEN_REQUIRED",
});
const body = randomBytes(objectSize);

async function drain(stream: Readable): Promise<number> {
  let n = 0;
  for await (const chunk of stream) n += (chunk as Buffer).length;
  return n;
}

interface Client {
  put(key: string): Promise<void>;
  get(key: string): Promise<number>;
}

const clients: Record<"lifeboat" | "aws-sdk", Client> = {
  lifeboat: {
    put: (key) => lifeboat.put(key, body),
    get: async (key) => drain(await lifeboat.get(key)),
  },
  "aws-sdk": {
    put: async (key) => {
      await sdk.send(
        new PutObjectCommand({
          Bucket: config.bucket,
          Key: `${prefix}/${key}`,
          Body: body,
          ContentLength: objectSize,
        }),
      );
    },
    get: async (key) =>
      drain(
        (await sdk.send(new GetObjectCommand({ Bucket: config.bucket, Key: `${prefix}/${key}` }))).Body as Readable,
      ),
  },
};

async function round(concurrency: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < objectsPerRound) await op(next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return (objectsPerRound * objectSize) / seconds / 1024 / 1024;
}

console.log(
  `16 MiB objects × ${objectsPerRound} per round, MinIO on loopback (${cluster.s3.endpoint}); MiB/s, best of 3\n`,
);
console.log("op   conc  lifeboat  aws-sdk  ratio");
for (const concurrency of [1, 8]) {
  for (const op of ["put", "get"] as const) {
    const best: Record<string, number> = {};
    for (let attempt = 0; attempt < 3; attempt++) {
      for (const [name, client] of Object.entries(clients)) {
        const rate = await round(concurrency, (i) =>
          op === "put" ? client.put(`${name}/${i}`) : client.get(`${name}/${i}`),
        );
        best[name] = Math.max(best[name] ?? 0, rate);
      }
    }
    const ours = best["lifeboat"] ?? 0;
    const peer = best["aws-sdk"] ?? 1;
    console.log(
      `${op.padEnd(4)} ${String(concurrency).padStart(4)}  ${ours.toFixed(0).padStart(8)}  ${peer.toFixed(0).padStart(7)}  ${(ours / peer).toFixed(2)}`,
    );
  }
}

const keys: string[] = [];
for await (const entry of raw.list()) if (entry.kind === "object") keys.push(entry.object.key);
await raw.deleteMany(keys);
raw.destroy();
sdk.destroy();
