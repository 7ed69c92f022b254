/**
 * The benchmark's data set and what it does with it through the API server: ConfigMaps and
 * Secrets of ~1 KiB each, spread evenly over labelled namespaces, created in parallel; the raw
 * paginated LIST that is the floor for any backup; counting what a restore brought back; and
 * deleting the namespaces and waiting until they are gone.
 */
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { KubeError } from "../../src/kube/errors.ts";
import type { RestClient } from "../../src/kube/rest.ts";
import { forEachLimit } from "../../src/util/pool.ts";

/** Every namespace and object the benchmark makes carries this label. */
export const benchLabel = { key: "bench.lifeboat.dev/set", value: "resources" };
const selector = `${benchLabel.key}=${benchLabel.value}`;
/** Requests in flight (and kept-alive connections) when creating and deleting. */
export const inFlight = 32;

export interface DataSet {
  namespaces: string[];
  perNamespace: number;
  total: number;
}

/** 20,000 × scale objects, 100 per namespace (so 200 namespaces at scale 1). */
export function dataSet(scale: number): DataSet {
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new Error(`BENCH_SCALE must be a positive number (1 = 20,000 objects), got "${scale}"`);
  }
  const perNamespace = 100;
  const count = Math.max(1, Math.round(200 * scale));
  const namespaces = Array.from({ length: count }, (_, i) => `bench-${String(i + 1).padStart(4, "0")}`);
  return { namespaces, perNamespace, total: count * perNamespace };
}

function objectBody(namespace: string, index: number): { path: string; body: unknown } {
  const metadata = {
    name: `item-${String(index).padStart(5, "0")}`,
    namespace,
    labels: { [benchLabel.key]: benchLabel.value },
  };
  if (index % 2 === 0) {
    // 768 random bytes are 1,024 characters of base64
    const data = { payload: randomBytes(768).toString("base64") };
    return {
      path: `/api/v1/namespaces/${namespace}/configmaps`,
      body: { apiVersion: "v1", kind: "ConfigMap", metadata, data },
    };
  }
  const data = { payload: randomBytes(768).toString("base64") };
  return {
    path: `/api/v1/namespaces/${namespace}/secrets`,
    body: { apiVersion: "v1", kind: "Secret", type: "Opaque", metadata, data },
  };
}

/** Anything that can POST an object: the RestClient, or the faster KeepAlivePoster. */
export interface Poster {
  post(path: string, body: unknown): Promise<unknown>;
}

/** Creates the namespaces, then every object, `inFlight` requests at a time. */
export async function createDataSet(rest: Poster, set: DataSet): Promise<void> {
  await forEachLimit(set.namespaces, inFlight, async (name) => {
    await rest.post("/api/v1/namespaces", { metadata: { name, labels: { [benchLabel.key]: benchLabel.value } } });
  });
  const jobs = set.namespaces.flatMap((ns) => Array.from({ length: set.perNamespace }, (_, i) => [ns, i] as const));
  await forEachLimit(jobs, inFlight, async ([ns, i]) => {
    const { path, body } = objectBody(ns, i);
    await rest.post(path, body);
  });
}

interface ListPage {
  items: unknown[];
  metadata: { continue?: string };
}

async function listAll(rest: RestClient, resource: string, labelSelector?: string): Promise<number> {
  let count = 0;
  let next: string | undefined;
  do {
    const page = await rest.get<ListPage>(`/api/v1/${resource}`, {
      query: { limit: 500, continue: next, labelSelector },
    });
    count += page.items.length;
    next = page.metadata.continue || undefined;
  } while (next);
  return count;
}

/** The floor: every ConfigMap and Secret in the cluster, in pages of 500. Returns how many. */
export async function rawList(rest: RestClient): Promise<number> {
  return (await listAll(rest, "configmaps")) + (await listAll(rest, "secrets"));
}

/** How many of the benchmark's objects exist right now. */
export async function countBenchObjects(rest: RestClient): Promise<number> {
  return (await listAll(rest, "configmaps", selector)) + (await listAll(rest, "secrets", selector));
}

/** Deletes the benchmark's namespaces and waits until the namespace controller has removed them. */
export async function deleteNamespaces(rest: RestClient, set: DataSet, timeoutMs = 20 * 60_000): Promise<void> {
  await forEachLimit(set.namespaces, inFlight, async (name) => {
    try {
      await rest.delete(`/api/v1/namespaces/${name}`);
    } catch (err) {
      if (!KubeError.is(err, "NotFound")) throw err;
    }
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = await rest.get<ListPage>("/api/v1/namespaces", { query: { labelSelector: selector } });
    if (left.items.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`${left.items.length} benchmark namespaces were still terminating after ${timeoutMs / 1000} s`);
    }
    await sleep(500);
  }
}
