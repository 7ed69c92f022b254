/**
 * The one place where an ObjectStore is assembled: the raw store (S3, filesystem or memory)
 * wrapped in metrics (innermost: every attempt counts), then retries, then the concurrency limit
 * (outermost: a retry keeps its slot). Everything in Lifeboat gets its stores from here.
 */
import type { Registry } from "prom-client";
import { LimitedStore } from "./decorators/limit.ts";
import { MeteredStore, storeCounters } from "./decorators/metrics.ts";
import { RetryingStore } from "./decorators/retry.ts";
import { FilesystemStore } from "./filesystem/filesystem-store.ts";
import type { ObjectStore } from "./object-store.ts";
import { defaultRetryPolicy, type RetryPolicy } from "./retry-policy.ts";
import type { S3StoreConfig } from "./s3/s3-config.ts";
import { S3Store } from "./s3/s3-store.ts";

export interface DecorateOptions {
  /** Label for the metrics, e.g. the BackupStorageLocation's name. */
  name: string;
  registry?: Registry;
  retry?: RetryPolicy;
  maxConcurrency?: number;
}

export function decorate(raw: ObjectStore, options: DecorateOptions): ObjectStore {
  const metered = options.registry ? new MeteredStore(raw, storeCounters(options.registry), options.name) : raw;
  const retrying = new RetryingStore(metered, options.retry ?? defaultRetryPolicy);
  return new LimitedStore(retrying, options.maxConcurrency ?? 32);
}

export type StoreSpec = { provider: "aws"; s3: S3StoreConfig } | { provider: "filesystem"; root: string };

export function openObjectStore(spec: StoreSpec, options: DecorateOptions): ObjectStore {
  const raw = spec.provider === "aws" ? new S3Store(spec.s3) : new FilesystemStore({ root: spec.root });
  return decorate(raw, options);
}
