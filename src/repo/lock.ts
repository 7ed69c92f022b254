/**
 * Repository locks with restic's rules. A lock is an unpacked file {time, exclusive, hostname,
 * username, pid, uid?, gid?}. It is stale when older than 30 minutes, or when it was made on this
 * host by a process that no longer exists. An exclusive lock conflicts with every other lock;
 * shared locks coexist. Taking a lock: check, write ours, wait 200 ms, check again (a racing
 * writer shows up by then). A held lock is refreshed every 5 minutes by writing a new lock file
 * and removing the old one.
 */
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { RepoError } from "./errors.ts";
import { formatGoTime, localOffsetMinutes, parseGoTime } from "./format/time.ts";
import type { Repository } from "./repository.ts";

export const staleAfterMs = 30 * 60 * 1000;
export const refreshEveryMs = 5 * 60 * 1000;
const settleMs = 200;

export interface LockInfo {
  time: string;
  exclusive: boolean;
  hostname: string;
  username: string;
  pid: number;
  uid?: number;
  gid?: number;
}

export function encodeLock(lock: LockInfo): Buffer {
  const ids = (lock.uid ? `,"uid":${lock.uid}` : "") + (lock.gid ? `,"gid":${lock.gid}` : "");
  return Buffer.from(
    `{"time":${JSON.stringify(lock.time)},"exclusive":${lock.exclusive},"hostname":${JSON.stringify(lock.hostname)},` +
      `"username":${JSON.stringify(lock.username)},"pid":${lock.pid}${ids}}`,
  );
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function isStale(lock: LockInfo, now: Date, hostname = os.hostname()): boolean {
  const madeAt = Number(parseGoTime(lock.time).epochNs / 1_000_000n);
  if (now.getTime() - madeAt > staleAfterMs) return true;
  return lock.hostname === hostname && !pidAlive(lock.pid);
}

export interface HeldLock {
  readonly id: string;
  release(): Promise<void>;
}

export class Locker {
  private readonly repo: Repository;
  private readonly now: () => Date;

  constructor(repo: Repository, now: () => Date = () => new Date()) {
    this.repo = repo;
    this.now = now;
  }

  private newLock(exclusive: boolean): LockInfo {
    const now = this.now();
    const ns = BigInt(now.getTime()) * 1_000_000n;
    const user = os.userInfo();
    return {
      time: formatGoTime(ns, localOffsetMinutes(ns)),
      exclusive,
      hostname: os.hostname(),
      username: user.username,
      pid: process.pid,
      ...(user.uid > 0 ? { uid: user.uid } : {}),
      ...(user.gid > 0 ? { gid: user.gid } : {}),
    };
  }

  /** Every lock in the repository that is not stale, except `ignore`. */
  async liveLocks(ignore?: string): Promise<{ id: string; lock: LockInfo }[]> {
    const live: { id: string; lock: LockInfo }[] = [];
    for (const id of await this.repo.backend.listIds("lock")) {
      if (id === ignore) continue;
      let lock: LockInfo;
      try {
        lock = JSON.parse((await this.repo.loadUnpacked("lock", id)).toString("utf8")) as LockInfo;
      } catch {
        continue; // removed while we looked, or unreadable: not a conflict we can name
      }
      if (!isStale(lock, this.now())) live.push({ id, lock });
    }
    return live;
  }

  private async conflicts(exclusive: boolean, ignore?: string): Promise<void> {
    const conflicting = (await this.liveLocks(ignore)).filter((l) => exclusive || l.lock.exclusive);
    const first = conflicting[0];
    if (first) {
      const { lock } = first;
      throw new RepoError(
        "Locked",
        `the repository is locked ${lock.exclusive ? "exclusively" : ""} by PID ${lock.pid} on ${lock.hostname} ` +
          `by ${lock.username} since ${lock.time} (lock ${first.id.slice(0, 8)}); ` +
          "if that process is gone, remove stale locks with `lifeboat repo unlock`",
      );
    }
  }

  async lock(exclusive: boolean): Promise<HeldLock> {
    await this.conflicts(exclusive);
    let id = await this.repo.saveUnpacked("lock", encodeLock(this.newLock(exclusive)));
    await sleep(settleMs);
    try {
      await this.conflicts(exclusive, id);
    } catch (err) {
      await this.repo.backend.remove("lock", id);
      throw err;
    }
    const timer = setInterval(() => {
      void this.repo.saveUnpacked("lock", encodeLock(this.newLock(exclusive))).then(async (fresh) => {
        const old = id;
        id = fresh;
        await this.repo.backend.remove("lock", old);
      });
    }, refreshEveryMs);
    timer.unref();
    return {
      get id() {
        return id;
      },
      release: async () => {
        clearInterval(timer);
        await this.repo.backend.remove("lock", id);
      },
    };
  }

  /** Removes stale locks (or all, with `all`); returns how many. */
  async unlock(all = false): Promise<number> {
    let removed = 0;
    for (const id of await this.repo.backend.listIds("lock")) {
      let stale = all;
      if (!stale) {
        try {
          stale = isStale(
            JSON.parse((await this.repo.loadUnpacked("lock", id)).toString("utf8")) as LockInfo,
            this.now(),
          );
        } catch {
          stale = true;
        }
      }
      if (stale) {
        await this.repo.backend.remove("lock", id);
        removed++;
      }
    }
    return removed;
  }
}
