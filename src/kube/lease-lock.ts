/**
 * The resource lock leader election runs on: a coordination.k8s.io/v1 Lease, read, created and
 * replaced through the RestClient. `update` is a PUT of the Lease as it was read, carrying its
 * resourceVersion, so it fails with KubeError "Conflict" if anyone wrote the Lease in between:
 * optimistic concurrency is what makes two candidates unable to both win. Times are written as
 * MicroTime strings with six fractional digits (micro-time.ts).
 */
import { KubeError } from "./errors.ts";
import type { RestClient } from "./rest.ts";

/** What the candidates agree on, as stored in the Lease spec. */
export interface LeaderElectionRecord {
  /** "" when nobody holds the lease (released). */
  holderIdentity: string;
  leaseDurationSeconds: number;
  /** MicroTime strings, as read or to be written. */
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions: number;
}

/** A record as read, with the version an update must match. */
export interface LockState {
  record: LeaderElectionRecord;
  resourceVersion: string;
  /** The stored object, for implementations that write it back whole. */
  object?: unknown;
}

export interface LeaseLock {
  /** "namespace/name", for logs and errors. */
  readonly description: string;
  /** The current record, or undefined if the lock does not exist. */
  get(signal?: AbortSignal): Promise<LockState | undefined>;
  /** Creates the lock; KubeError "AlreadyExists" if another candidate was first. */
  create(record: LeaderElectionRecord, signal?: AbortSignal): Promise<LockState>;
  /** Replaces the record iff the lock is still at `current.resourceVersion`, else KubeError "Conflict". */
  update(current: LockState, record: LeaderElectionRecord, signal?: AbortSignal): Promise<LockState>;
}

interface LeaseObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string> };
  spec?: {
    holderIdentity?: string | null;
    leaseDurationSeconds?: number | null;
    acquireTime?: string | null;
    renewTime?: string | null;
    leaseTransitions?: number | null;
  } & Record<string, unknown>;
}

/** Builds a record with a fixed key order, so two records compare equal as JSON iff they are equal. */
export function leaderRecord(r: LeaderElectionRecord): LeaderElectionRecord {
  return {
    holderIdentity: r.holderIdentity,
    leaseDurationSeconds: r.leaseDurationSeconds,
    acquireTime: r.acquireTime,
    renewTime: r.renewTime,
    leaseTransitions: r.leaseTransitions,
  };
}

function toState(lease: LeaseObject): LockState {
  const spec = lease.spec ?? {};
  return {
    record: leaderRecord({
      holderIdentity: spec.holderIdentity ?? "",
      leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
      acquireTime: spec.acquireTime ?? undefined,
      renewTime: spec.renewTime ?? undefined,
      leaseTransitions: spec.leaseTransitions ?? 0,
    }),
    resourceVersion: lease.metadata?.resourceVersion ?? "",
    object: lease,
  };
}

function toSpec(record: LeaderElectionRecord): LeaseObject["spec"] {
  return {
    holderIdentity: record.holderIdentity,
    leaseDurationSeconds: record.leaseDurationSeconds,
    acquireTime: record.acquireTime ?? null,
    renewTime: record.renewTime ?? null,
    leaseTransitions: record.leaseTransitions,
  };
}

export interface KubeLeaseLockOptions {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
}

export function kubeLeaseLock(rest: RestClient, options: KubeLeaseLockOptions): LeaseLock {
  const { namespace, name } = options;
  const collection = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases`;
  const path = `${collection}/${encodeURIComponent(name)}`;
  return {
    description: `${namespace}/${name}`,
    async get(signal) {
      try {
        return toState(await rest.get<LeaseObject>(path, { signal }));
      } catch (err) {
        if (KubeError.is(err, "NotFound")) return undefined;
        throw err;
      }
    },
    async create(record, signal) {
      const body: LeaseObject = {
        apiVersion: "coordination.k8s.io/v1",
        kind: "Lease",
        metadata: { name, namespace, labels: options.labels },
        spec: toSpec(record),
      };
      return toState(await rest.post<LeaseObject>(collection, body, { signal }));
    },
    async update(current, record, signal) {
      const read = (current.object ?? {}) as LeaseObject;
      const body: LeaseObject = {
        ...read,
        metadata: { ...read.metadata, name, namespace, resourceVersion: current.resourceVersion },
        spec: { ...read.spec, ...toSpec(record) },
      };
      return toState(await rest.put<LeaseObject>(path, body, { signal }));
    },
  };
}
