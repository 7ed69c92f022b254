/**
 * The steps of `bench:resources`, each timed, on the benchmark's own cluster:
 *   a. create the objects in parallel through the API server,
 *   b. a raw paginated LIST of every ConfigMap and Secret (the floor for any backup),
 *   c. Velero: install, start its server, back up the namespaces, delete them, restore, count,
 *   d. Lifeboat: the same backup and restore through its CLI,
 *   e. the table (report.ts).
 * Whatever happens (an error, ctrl-C), every server it started and the cluster itself are stopped.
 */
import { HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { KubeConfig } from "@kubernetes/client-node";
import { noRateLimit } from "../../src/kube/rate-limiter.ts";
import { RestClient } from "../../src/kube/rest.ts";
import { devPrefix } from "../../test/cluster/lifeboat.ts";
import { dirs } from "../../test/cluster/paths.ts";
import type { ClusterInfo } from "../../test/cluster/state.ts";
import { benchClusterDown, benchClusterUp, killLeftovers } from "./bench-cluster.ts";
import { KeepAlivePoster } from "./keepalive-poster.ts";
import {
  countBenchObjects,
  createDataSet,
  dataSet,
  deleteNamespaces,
  inFlight,
  rawList,
  type DataSet,
} from "./objects.ts";
import { LifeboatSide } from "./lifeboat-side.ts";
import { formatTable, type Results, type ToolResults } from "./report.ts";
import { VeleroPeer, veleroPrefix } from "./velero-peer.ts";

const backupName = "bench";
const log = (line: string): void => console.error(`[bench] ${line}`);

/** Set by ctrl-C (or SIGTERM): no further step starts. */
let interrupted = false;

async function timed<T>(what: string, fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  if (interrupted) throw new Error(`interrupted before: ${what}`);
  log(`${what}…`);
  const started = performance.now();
  const value = await fn();
  const seconds = (performance.now() - started) / 1000;
  log(`${what}: ${seconds.toFixed(2)} s`);
  return { value, seconds };
}

async function tarballBytes(info: ClusterInfo, prefix: string): Promise<number | undefined> {
  const s3 = new S3Client({
    endpoint: info.s3.endpoint,
    region: info.s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: info.s3.accessKey, secretAccessKey: info.s3.secretKey },
  });
  try {
    const key = `${prefix}/backups/${backupName}/${backupName}.tar.gz`;
    const head = await s3.send(new HeadObjectCommand({ Bucket: info.s3.bucket, Key: key }));
    return head.ContentLength;
  } catch {
    return undefined;
  } finally {
    s3.destroy();
  }
}

interface Context {
  info: ClusterInfo;
  rest: RestClient;
  set: DataSet;
}

async function restoreAndCount(
  ctx: Context,
  tool: string,
  results: ToolResults,
  restore: () => Promise<ToolResults["restore"]>,
): Promise<void> {
  await timed("deleting the benchmark namespaces", () => deleteNamespaces(ctx.rest, ctx.set));
  results.restore = (await timed(`${tool} restore`, restore)).value;
  results.restoredObjects = await countBenchObjects(ctx.rest);
  if (results.restoredObjects !== ctx.set.total) {
    throw new Error(`after the restore ${results.restoredObjects} of ${ctx.set.total} benchmark objects exist`);
  }
}

async function veleroPart(ctx: Context, results: ToolResults): Promise<void> {
  const velero = new VeleroPeer(ctx.info, ctx.rest);
  try {
    await timed("installing Velero (CRDs, dummy Deployment, location)", () => velero.install());
    await timed("starting velero server", () => velero.start());
    results.backup = (await timed("Velero backup", () => velero.backup(backupName, ctx.set.namespaces))).value;
    results.tarballBytes = await tarballBytes(ctx.info, veleroPrefix);
    await restoreAndCount(ctx, "Velero", results, () => velero.restore(backupName, backupName));
    log(`velero server listened on ${velero.listeners.join(", ")}`);
  } finally {
    results.peak = await velero.stop();
  }
}

async function lifeboatPart(ctx: Context, results: ToolResults): Promise<void> {
  const lifeboat = new LifeboatSide(ctx.rest);
  try {
    await timed("starting Lifeboat (lifeboat:up)", () => lifeboat.start(log));
    results.backup = (await timed("Lifeboat backup", () => lifeboat.backup(backupName, ctx.set.namespaces))).value;
    results.tarballBytes = await tarballBytes(ctx.info, devPrefix);
    await restoreAndCount(ctx, "Lifeboat", results, () => lifeboat.restore(backupName, backupName));
    log(`lifeboat server listened on ${lifeboat.listeners.join(", ")}`);
  } finally {
    results.peak = await lifeboat.stop();
  }
}

async function attempt(what: string, results: ToolResults, part: () => Promise<void>): Promise<boolean> {
  try {
    await part();
    return true;
  } catch (err) {
    if (interrupted) throw err;
    results.error = err instanceof Error ? err.message : String(err);
    log(`${what} failed: ${results.error}`);
    return false;
  }
}

async function benchmark(scale: number): Promise<boolean> {
  const set = dataSet(scale);
  const { info, buildSeconds } = await benchClusterUp(log);
  for (const [name, s] of Object.entries(buildSeconds)) log(`built ${name} in ${s.toFixed(1)} s`);
  const kc = new KubeConfig();
  kc.loadFromFile(info.kubeconfig);
  const ctx: Context = { info, rest: new RestClient(kc, { limiter: noRateLimit }), set };
  const poster = await KeepAlivePoster.create(kc, inFlight);
  const create = (): Promise<void> => createDataSet(poster, set);
  const created = await timed(`creating ${set.total} objects in ${set.namespaces.length} namespaces`, create);
  const listed = await timed("raw LIST of all ConfigMaps and Secrets", () => rawList(ctx.rest));
  const results: Results = {
    scale,
    objects: set.total,
    namespaces: set.namespaces.length,
    createSeconds: created.seconds,
    listSeconds: listed.seconds,
    listed: listed.value,
    velero: {},
    lifeboat: {},
  };
  const veleroOk = await attempt("Velero", results.velero, () => veleroPart(ctx, results.velero));
  // Lifeboat backs up what Velero restored; if Velero stopped short, recreate the objects first
  if (!veleroOk && (await countBenchObjects(ctx.rest)) !== set.total) {
    await deleteNamespaces(ctx.rest, set);
    await create();
  }
  poster.close();
  const lifeboatOk = await attempt("Lifeboat", results.lifeboat, () => lifeboatPart(ctx, results.lifeboat));
  console.log(`\n${formatTable(results)}`);
  return veleroOk && lifeboatOk;
}

let stopping: Promise<void> | undefined;

function teardown(): Promise<void> {
  stopping ??= benchClusterDown(log, { keepLogs: true }).then(
    () => log(`benchmark cluster stopped; its logs (Velero's too) are in ${dirs.logs}`),
    (err: unknown) => log(`could not stop the benchmark cluster: ${err instanceof Error ? err.message : String(err)}`),
  );
  return stopping;
}

/** Runs the whole benchmark; resolves with the process exit code. */
export async function runBenchmark(): Promise<number> {
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping every server and the benchmark cluster`);
    interrupted = true;
    void teardown().finally(() => {
      killLeftovers(log);
      process.exit(130);
    });
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    return (await benchmark(Number(process.env["BENCH_SCALE"] ?? 1))) ? 0 : 1;
  } catch (err) {
    log(`failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await teardown();
  }
}
