/**
 * Leader election on a real coordination.k8s.io/v1 Lease: two candidates with short timings
 * (3 s / 2 s / 0.5 s). Exactly one leads; a leader that stops renewing is replaced about
 * leaseDuration later; with releaseOnCancel the replacement is prompt; leaseTransitions counts
 * holder changes; the times the API server stored are MicroTime.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { CoordinationV1Api } from "@kubernetes/client-node";
import { useCluster, type TestCluster } from "../cluster/harness.ts";
import { LeaderElector } from "../../src/kube/leader-election.ts";
import { kubeLeaseLock } from "../../src/kube/lease-lock.ts";
import { RestClient } from "../../src/kube/rest.ts";

let cluster: TestCluster;
let rest: RestClient;
let coordination: CoordinationV1Api;
const namespace = `e2e-kube-leader-${randomBytes(3).toString("hex")}`;
const timings = { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 500 };

before(async () => {
  cluster = await useCluster();
  rest = new RestClient(cluster.kc);
  coordination = cluster.kc.makeApiClient(CoordinationV1Api);
  await cluster.core.createNamespace({ body: { metadata: { name: namespace } } });
});

after(async () => {
  await cluster.core.deleteNamespace({ name: namespace }).catch(() => undefined);
});

interface Candidate {
  identity: string;
  elector: LeaderElector;
  stop: AbortController;
  done: Promise<void>;
  startedAt?: number;
  stoppedAt?: number;
  leaders: string[];
}

function candidate(lease: string, identity: string, releaseOnCancel = false): Candidate {
  const c: Partial<Candidate> & { leaders: string[] } = { identity, leaders: [] };
  c.elector = new LeaderElector({
    lock: kubeLeaseLock(rest, { namespace, name: lease }),
    identity,
    ...timings,
    releaseOnCancel,
    callbacks: {
      onStartedLeading: () => void (c.startedAt = Date.now()),
      onStoppedLeading: () => void (c.stoppedAt = Date.now()),
      onNewLeader: (id) => void c.leaders.push(id),
    },
  });
  c.stop = new AbortController();
  c.done = c.elector.run(c.stop.signal);
  return c as Candidate;
}

async function waitUntil(what: string, predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const leaders = (cs: Candidate[]): Candidate[] => cs.filter((c) => c.elector.isLeader());

async function readLease(name: string) {
  return (await coordination.readNamespacedLease({ name, namespace })).spec;
}

async function stopAll(cs: Candidate[]): Promise<void> {
  for (const c of cs) c.stop.abort();
  await Promise.all(cs.map((c) => c.done));
}

test("exactly one of two candidates leads; when it stops renewing the other takes over after ≈ leaseDuration", async () => {
  const lease = "lifeboat-e2e";
  const cs = [candidate(lease, "alpha"), candidate(lease, "bravo")];
  try {
    await waitUntil("a leader", () => leaders(cs).length === 1);
    // Several renew periods later there is still exactly one.
    for (let i = 0; i < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(leaders(cs).length, 1, "exactly one leader");
    }
    const [first] = leaders(cs);
    assert.ok(first);
    const second = cs.find((c) => c !== first);
    assert.ok(second);
    await waitUntil("the follower to learn the leader", () => second.leaders.includes(first.identity));

    const held = await readLease(lease);
    assert.equal(held?.holderIdentity, first.identity);
    assert.equal(held?.leaseDurationSeconds, 3);
    const transitions = held?.leaseTransitions ?? 0;
    const raw = await rest.get<{ spec: { renewTime: string } }>(
      `/apis/coordination.k8s.io/v1/namespaces/${namespace}/leases/${lease}`,
    );
    assert.match(raw.spec.renewTime, /\.\d{6}Z$/, "renewTime is a MicroTime");

    // The leader stops renewing without releasing: the lease must expire first.
    first.stop.abort();
    await first.done;
    const stopped = Date.now();
    await waitUntil("the takeover", () => second.elector.isLeader());
    const took = (second.startedAt ?? 0) - stopped;
    assert.ok(took >= 2000, `took over after only ${took} ms (lease not yet expired)`);
    assert.ok(took <= 5500, `took over after ${took} ms`);
    assert.equal(first.stoppedAt !== undefined, true, "onStoppedLeading ran");

    const now = await readLease(lease);
    assert.equal(now?.holderIdentity, second.identity);
    assert.equal(now?.leaseTransitions, transitions + 1);
  } finally {
    await stopAll(cs);
  }
});

test("with releaseOnCancel a stopping leader hands over promptly", async () => {
  const lease = "lifeboat-e2e-release";
  const first = candidate(lease, "charlie", true);
  await waitUntil("charlie to lead", () => first.elector.isLeader());
  const second = candidate(lease, "delta", true);
  try {
    await waitUntil("delta to see charlie", () => second.leaders.includes("charlie"));
    const transitions = (await readLease(lease))?.leaseTransitions ?? 0;
    first.stop.abort();
    await first.done;
    const released = Date.now();
    await waitUntil("delta to lead", () => second.elector.isLeader(), 5000);
    const took = (second.startedAt ?? 0) - released;
    assert.ok(took < 1500, `took over after ${took} ms (the lease was released)`);
    const now = await readLease(lease);
    assert.equal(now?.holderIdentity, "delta");
    assert.equal(now?.leaseTransitions, transitions + 1);

    second.stop.abort();
    await second.done;
    const free = await readLease(lease);
    assert.equal(free?.holderIdentity ?? "", "", "released on cancel");
    assert.equal(free?.leaseDurationSeconds, 1);
  } finally {
    await stopAll([first, second]);
  }
});
