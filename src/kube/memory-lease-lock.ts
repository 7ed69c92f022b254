/**
 * An in-memory LeaseLock with the API server's optimistic concurrency (a resourceVersion that
 * changes on every write; a stale update is a "Conflict"), for unit tests of leader election
 * and of anything built on it. Several electors sharing one instance compete for one lease.
 * `failNext(n)` / `blocked` simulate an unreachable API server.
 */
import { KubeError } from "./errors.ts";
import { leaderRecord, type LeaderElectionRecord, type LeaseLock, type LockState } from "./lease-lock.ts";

export class MemoryLeaseLock implements LeaseLock {
  readonly description: string;
  #state: LockState | undefined;
  #version = 0;
  #failures = 0;
  /** While true every call fails with a "Network" error. */
  blocked = false;
  /** Calls made, for assertions: "get", "create", "update". */
  readonly calls: string[] = [];

  constructor(description = "memory/lease") {
    this.description = description;
  }

  /** The stored record, as the API server would return it. */
  get record(): LeaderElectionRecord | undefined {
    return this.#state ? { ...this.#state.record } : undefined;
  }

  /** Makes the next `n` calls fail. */
  failNext(n: number): void {
    this.#failures = n;
  }

  /** Writes the lease as another client would (bypassing concurrency checks). */
  put(record: LeaderElectionRecord): LockState {
    this.#state = { record: leaderRecord(record), resourceVersion: String(++this.#version) };
    return { ...this.#state, record: { ...this.#state.record } };
  }

  #check(call: string, signal?: AbortSignal): void {
    this.calls.push(call);
    if (signal?.aborted) throw new KubeError("Aborted", `${call}: aborted`);
    if (this.blocked || this.#failures > 0) {
      this.#failures = Math.max(0, this.#failures - 1);
      throw new KubeError("Network", `${call}: simulated failure`);
    }
  }

  get(signal?: AbortSignal): Promise<LockState | undefined> {
    this.#check("get", signal);
    return Promise.resolve(this.#state && { ...this.#state, record: { ...this.#state.record } });
  }

  create(record: LeaderElectionRecord, signal?: AbortSignal): Promise<LockState> {
    this.#check("create", signal);
    if (this.#state) return Promise.reject(new KubeError("AlreadyExists", `lease ${this.description} exists`));
    return Promise.resolve(this.put(record));
  }

  update(current: LockState, record: LeaderElectionRecord, signal?: AbortSignal): Promise<LockState> {
    this.#check("update", signal);
    if (!this.#state) return Promise.reject(new KubeError("NotFound", `lease ${this.description} not found`));
    if (this.#state.resourceVersion !== current.resourceVersion) {
      return Promise.reject(new KubeError("Conflict", `lease ${this.description} was modified`));
    }
    return Promise.resolve(this.put(record));
  }
}
