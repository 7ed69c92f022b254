import { test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "./clock.ts";
import { KubeError } from "./errors.ts";
import { validateLeaderElection } from "./leader-election-config.ts";
import { LeaderElector } from "./leader-election.ts";
import { MemoryLeaseLock } from "./memory-lease-lock.ts";
import { microTime } from "./micro-time.ts";

const timings = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

interface Candidate {
  elector: LeaderElector;
  events: string[];
  stop: AbortController;
  done: Promise<void>;
  leaderSignal(): AbortSignal | undefined;
}

function candidate(
  identity: string,
  lock: MemoryLeaseLock,
  clock: ManualClock,
  extra: { releaseOnCancel?: boolean } = {},
): Candidate {
  const events: string[] = [];
  let signal: AbortSignal | undefined;
  const elector = new LeaderElector({
    lock,
    identity,
    ...timings,
    ...extra,
    clock,
    random: () => 0,
    callbacks: {
      onStartedLeading: (s) => {
        signal = s;
        events.push(`started@${clock.now()}`);
      },
      onStoppedLeading: () => events.push(`stopped@${clock.now()}`),
      onNewLeader: (id) => events.push(`leader ${id}`),
    },
  });
  const stop = new AbortController();
  return { elector, events, stop, done: elector.run(stop.signal), leaderSignal: () => signal };
}

test("timings: defaults are 15 s / 10 s / 2 s; bad values name the field", () => {
  const lock = new MemoryLeaseLock();
  const base = {
    lock,
    identity: "a",
    callbacks: { onStartedLeading: () => undefined, onStoppedLeading: () => undefined },
  };
  assert.deepEqual(validateLeaderElection(base), timings);
  const bad: Array<[object, RegExp]> = [
    [{ leaseDurationMs: 10_000 }, /leaseDurationMs \(10000\) must be greater than renewDeadlineMs \(10000\)/],
    [{ renewDeadlineMs: 2_400 }, /renewDeadlineMs \(2400\) must be greater than 1.2 × retryPeriodMs \(2000\)/],
    [{ retryPeriodMs: 0 }, /retryPeriodMs must be greater than zero/],
    [{ leaseDurationMs: -1 }, /leaseDurationMs must be greater than zero/],
    [{ leaseDurationMs: 15_500 }, /leaseDurationMs \(15500\) must be whole seconds/],
    [{ identity: " " }, /identity must not be empty/],
  ];
  for (const [override, message] of bad) {
    assert.throws(
      () => new LeaderElector({ ...base, ...override }),
      (err) => KubeError.is(err, "InvalidArgument") && message.test(err.message),
      String(message),
    );
  }
});

test("a lone candidate creates the Lease and leads; the record is client-go's", async () => {
  const clock = new ManualClock();
  const lock = new MemoryLeaseLock();
  const a = candidate("a", lock, clock);
  await clock.flush();
  assert.ok(a.elector.isLeader());
  assert.deepEqual(a.events, ["leader a", `started@${clock.now()}`]);
  assert.deepEqual(lock.record, {
    holderIdentity: "a",
    leaseDurationSeconds: 15,
    acquireTime: microTime(clock.now()),
    renewTime: microTime(clock.now()),
    leaseTransitions: 0,
  });
  await clock.advance(2_000);
  assert.equal(lock.record?.renewTime, microTime(clock.now()), "renewed every retryPeriod");
  assert.equal(lock.record?.acquireTime, microTime(clock.now() - 2_000), "acquireTime kept on renewal");
  a.stop.abort();
  await a.done;
});

test("of two candidates exactly one leads; the other follows and learns who leads", async () => {
  const clock = new ManualClock();
  const lock = new MemoryLeaseLock();
  const a = candidate("a", lock, clock);
  const b = candidate("b", lock, clock);
  await clock.advance(60_000);
  assert.equal([a, b].filter((c) => c.elector.isLeader()).length, 1);
  assert.ok(a.elector.isLeader());
  assert.deepEqual(b.events, ["leader a"]);
  assert.equal(b.elector.getLeader(), "a");
  assert.equal(lock.record?.leaseTransitions, 0);
  a.stop.abort();
  b.stop.abort();
  await Promise.all([a.done, b.done]);
});

test("expiry is judged on the local clock from when the record last changed, not from renewTime", async () => {
  const clock = new ManualClock();
  const lock = new MemoryLeaseLock();
  // Another leader whose clock is an hour behind: its renewTime always looks long expired.
  let beat = 0;
  const renewElsewhere = (): void =>
    void lock.put({
      holderIdentity: "other",
      leaseDurationSeconds: 15,
      renewTime: microTime(clock.now() - 3_600_000 + beat++),
      leaseTransitions: 4,
    });
  renewElsewhere();
  const b = candidate("b", lock, clock);
  for (let i = 0; i < 30; i++) {
    await clock.advance(2_000);
    renewElsewhere();
  }
  assert.equal(b.elector.isLeader(), false, "a live leader is never displaced");
  const lastChange = clock.now();
  await clock.advance(14_000);
  assert.equal(b.elector.isLeader(), false);
  await clock.advance(4_000);
  assert.ok(b.elector.isLeader(), "taken over once the record stood still for leaseDuration");
  const started = Number(b.events.find((e) => e.startsWith("started@"))?.split("@")[1]);
  // Observed up to one retry period after the change; acquired at the first retry after expiry.
  const waited = started - lastChange;
  assert.ok(waited >= 15_000 && waited <= 15_000 + 2 * 2_000, `took over after ${waited} ms`);
  assert.equal(lock.record?.leaseTransitions, 5, "leaseTransitions counts the holder change");
  assert.deepEqual(b.events.slice(0, 2), ["leader other", "leader b"]);
  b.stop.abort();
  await b.done;
});

test("a leader that cannot renew gives up within renewDeadline of its last renewal", async () => {
  const clock = new ManualClock();
  const lock = new MemoryLeaseLock();
  const a = candidate("a", lock, clock);
  await clock.advance(4_000); // renewed at 2 s and 4 s
  const lastRenew = clock.now();
  lock.blocked = true;
  await clock.advance(9_999);
  assert.ok(a.elector.isLeader());
  assert.equal(a.leaderSignal()?.aborted, false);
  await clock.advance(1);
  await a.done;
  assert.equal(a.elector.isLeader(), false);
  assert.equal(a.leaderSignal()?.aborted, true);
  assert.equal(a.events.at(-1), `stopped@${lastRenew + 10_000}`);
});

test("a leader that finds another holder in the Lease steps down at once", async () => {
  const clock = new ManualClock();
  const lock = new MemoryLeaseLock();
  const a = candidate("a", lock, clock);
  await clock.flush();
  lock.put({ holderIdentity: "usurper", leaseDurationSeconds: 15, leaseTransitions: 1 });
  await clock.advance(2_000);
  await a.done;
  assert.equal(a.events.at(-1), `stopped@${clock.now()}`);
  assert.ok(a.events.includes("leader usurper"));
});

test("cancel without releaseOnCancel leaves the Lease to expire", async () => {
  const clock = new ManualClock();
  const lock = new MemoryLeaseLock();
  const a = candidate("a", lock, clock);
  await clock.flush();
  a.stop.abort();
  await a.done;
  assert.equal(lock.record?.holderIdentity, "a");
  assert.match(a.events.at(-1) ?? "", /^stopped@/);
});

test("releaseOnCancel hands over at the next retry; leaseTransitions increments", async () => {
  const clock = new ManualClock();
  const lock = new MemoryLeaseLock();
  const a = candidate("a", lock, clock, { releaseOnCancel: true });
  await clock.flush();
  const b = candidate("b", lock, clock);
  await clock.advance(5_000);
  assert.ok(a.elector.isLeader());
  a.stop.abort();
  await a.done;
  assert.equal(lock.record?.holderIdentity, "");
  assert.equal(lock.record?.leaseDurationSeconds, 1);
  const released = clock.now();
  await clock.advance(2_000);
  assert.ok(b.elector.isLeader(), "b took over within one retry period");
  assert.ok(clock.now() - released <= 2_000);
  assert.equal(lock.record?.holderIdentity, "b");
  assert.equal(lock.record?.leaseTransitions, 1);
  b.stop.abort();
  await b.done;
});

test("two candidates racing for a free lease: one write wins, the other gets Conflict", async () => {
  const clock = new ManualClock();
  const lock = new MemoryLeaseLock();
  lock.put({ holderIdentity: "", leaseDurationSeconds: 1, leaseTransitions: 3 });
  const make = (identity: string) =>
    new LeaderElector({
      lock,
      identity,
      clock,
      callbacks: { onStartedLeading: () => undefined, onStoppedLeading: () => undefined },
    });
  const results = await Promise.allSettled([make("a").tryAcquireOrRenew(), make("b").tryAcquireOrRenew()]);
  assert.equal(results.filter((r) => r.status === "fulfilled" && r.value).length, 1);
  const rejected = results.find((r) => r.status === "rejected");
  assert.ok(rejected && KubeError.is(rejected.reason, "Conflict"));
  assert.equal(lock.record?.leaseTransitions, 4);
});

test("transient API errors while campaigning are retried", async () => {
  const clock = new ManualClock();
  const lock = new MemoryLeaseLock();
  lock.failNext(3);
  const a = candidate("a", lock, clock);
  await clock.advance(1_000);
  assert.equal(a.elector.isLeader(), false);
  await clock.advance(20_000);
  assert.ok(a.elector.isLeader());
  a.stop.abort();
  await a.done;
});
