/**
 * forget: restic's retention policy on hand-made snapshot lists (calendar buckets in each
 * snapshot's own offset, ISO weeks, the "oldest" rule, within-durations, tags, grouping and the
 * safety refusals), and removing snapshots from a repository.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { MemoryStore } from "../storage/memory/memory-store.ts";
import { RepoError } from "./errors.ts";
import {
  applyPolicy,
  applyPolicyToGroup,
  formatDuration,
  forget,
  groupSnapshots,
  isoWeek,
  parseDuration,
  type ForgetPolicy,
} from "./forget.ts";
import { parseGoTime } from "./format/time.ts";
import { initRepository } from "./repository.ts";
import { listSnapshots, saveSnapshot, type SnapshotRef } from "./snapshots.ts";

const tree = "a".repeat(64);
let counter = 0;

function snap(time: string, extra: { host?: string; paths?: string[]; tags?: string[] } = {}): SnapshotRef {
  counter++;
  return {
    id: counter.toString(16).padStart(64, "0"),
    snapshot: {
      time: parseGoTime(time),
      tree,
      paths: extra.paths ?? ["/data"],
      hostname: extra.host ?? "node-1",
      ...(extra.tags ? { tags: extra.tags } : {}),
    },
  };
}

const now = new Date("2030-01-01T00:00:00Z");
const times = (refs: readonly SnapshotRef[]): string[] =>
  refs.map((r) => new Date(Number(r.snapshot.time.epochNs / 1_000_000n)).toISOString());

function kept(list: SnapshotRef[], policy: ForgetPolicy, at = now): SnapshotRef[] {
  return applyPolicy(list, policy, at).keep;
}

const invalidArgument = (e: unknown): boolean => RepoError.is(e, "InvalidArgument");

test("keep-last keeps the n newest, whatever the input order", () => {
  const list = [snap("2024-01-03T10:00:00Z"), snap("2024-01-01T10:00:00Z"), snap("2024-01-02T10:00:00Z")];
  const result = applyPolicy(list, { last: 2 }, now);
  assert.deepEqual(times(result.keep), ["2024-01-03T10:00:00.000Z", "2024-01-02T10:00:00.000Z"]);
  assert.deepEqual(times(result.remove), ["2024-01-01T10:00:00.000Z"]);
  assert.deepEqual(result.reasons.get(list[0]?.id ?? ""), ["last snapshot"]);
});

test("keep-last with equal times keeps the first given (a stable sort, as restic's)", () => {
  const [a, b] = [snap("2024-01-01T10:00:00Z"), snap("2024-01-01T10:00:00Z")];
  assert.deepEqual(
    kept(
      [a, b].filter((x) => x !== undefined),
      { last: 1 },
    ).map((r) => r.id),
    [a.id],
  );
});

test("keep-daily keeps the newest of each day, and the oldest snapshot while counts are left", () => {
  const list = [
    snap("2024-05-01T08:00:00Z"),
    snap("2024-05-01T20:00:00Z"),
    snap("2024-05-02T09:00:00Z"),
    snap("2024-05-02T07:00:00Z"),
  ];
  const five = applyPolicy(list, { daily: 5 }, now);
  assert.deepEqual(times(five.keep), [
    "2024-05-02T09:00:00.000Z",
    "2024-05-01T20:00:00.000Z",
    "2024-05-01T08:00:00.000Z",
  ]);
  assert.deepEqual(five.reasons.get(list[0]?.id ?? ""), ["oldest daily snapshot"]);
  assert.deepEqual(times(five.remove), ["2024-05-02T07:00:00.000Z"]);
  const two = applyPolicy(list, { daily: 2 }, now);
  assert.deepEqual(times(two.keep), ["2024-05-02T09:00:00.000Z", "2024-05-01T20:00:00.000Z"]);
});

test("days are the snapshot's own: 23:30 at -05:00 is the day before 01:00Z the same UTC day", () => {
  const late = snap("2024-03-10T23:30:00-05:00"); // 2024-03-11T04:30Z, but March 10 where it was taken
  const early = snap("2024-03-11T01:00:00Z");
  const earlier = snap("2024-03-11T00:30:00Z");
  assert.deepEqual(kept([late, early, earlier], { daily: 2 }), [late, early]);
  // read in UTC, all three would be March 11: `late` and (as the oldest) `earlier` would be kept
});

test("keep-hourly buckets by the hour of the recorded offset", () => {
  const list = [
    snap("2024-05-01T10:05:00+05:30"),
    snap("2024-05-01T10:55:00+05:30"),
    snap("2024-05-01T11:01:00+05:30"),
    snap("2024-05-01T09:59:59+05:30"),
  ];
  assert.deepEqual(times(kept(list, { hourly: 3 })), [
    "2024-05-01T05:31:00.000Z",
    "2024-05-01T05:25:00.000Z",
    "2024-05-01T04:29:59.000Z",
  ]);
});

test("ISO weeks: Monday starts a week, and a week belongs to the year of its Thursday", () => {
  const week = (t: string) => isoWeek(parseGoTime(t));
  assert.deepEqual(week("2021-01-03T12:00:00Z"), { year: 2020, week: 53 });
  assert.deepEqual(week("2021-01-04T00:00:00Z"), { year: 2021, week: 1 });
  assert.deepEqual(week("2024-12-29T23:59:59Z"), { year: 2024, week: 52 });
  assert.deepEqual(week("2024-12-30T00:00:00Z"), { year: 2025, week: 1 });
  assert.deepEqual(week("2026-12-31T10:00:00Z"), { year: 2026, week: 53 });
  assert.deepEqual(week("2024-12-30T01:00:00+02:00"), { year: 2025, week: 1 });
  assert.deepEqual(week("2024-12-29T23:30:00-01:00"), { year: 2024, week: 52 }); // Monday 00:30Z
});

test("keep-weekly: Sunday and the next Monday are two weeks; Monday and New Year's Day one", () => {
  const sunday = snap("2024-12-29T12:00:00Z");
  const monday = snap("2024-12-30T12:00:00Z");
  const newYear = snap("2025-01-01T12:00:00Z");
  const older = snap("2024-12-20T12:00:00Z");
  const result = applyPolicy([sunday, monday, newYear, older], { weekly: 2 }, now);
  assert.deepEqual(result.keep, [newYear, sunday]);
  assert.deepEqual(result.remove, [monday, older]);
});

test("keep-monthly and keep-yearly, with unlimited (-1)", () => {
  const list = [
    snap("2022-06-15T00:00:00Z"),
    snap("2023-01-31T23:00:00Z"),
    snap("2023-02-01T01:00:00Z"),
    snap("2023-02-20T01:00:00Z"),
    snap("2023-12-31T22:00:00-03:00"), // 2024-01-01T01:00Z, still 2023 where it was taken
  ];
  assert.deepEqual(times(kept(list, { monthly: 2 })), ["2024-01-01T01:00:00.000Z", "2023-02-20T01:00:00.000Z"]);
  assert.deepEqual(times(kept(list, { yearly: -1 })), ["2024-01-01T01:00:00.000Z", "2022-06-15T00:00:00.000Z"]);
  const yearly = applyPolicy(list, { yearly: 1 }, now);
  assert.deepEqual(times(yearly.keep), ["2024-01-01T01:00:00.000Z"]);
});

test("rules are ORed and every reason is listed", () => {
  const list = [snap("2024-05-01T08:00:00Z"), snap("2024-05-02T08:00:00Z"), snap("2024-05-02T09:00:00Z")];
  const result = applyPolicy(list, { last: 1, daily: 2, monthly: 1 }, now);
  assert.equal(result.keep.length, 2);
  assert.deepEqual(result.reasons.get(list[2]?.id ?? ""), ["last snapshot", "daily snapshot", "monthly snapshot"]);
  assert.deepEqual(result.reasons.get(list[0]?.id ?? ""), ["daily snapshot"]);
});

test("keep-tag keeps snapshots with all tags of one list; [''] matches untagged ones", () => {
  const ab = snap("2024-01-01T00:00:00Z", { tags: ["a", "b"] });
  const a = snap("2024-01-02T00:00:00Z", { tags: ["a"] });
  const none = snap("2024-01-03T00:00:00Z");
  const both = applyPolicy([ab, a, none], { tags: [["a", "b"]] }, now);
  assert.deepEqual(both.keep, [ab]);
  assert.deepEqual(both.reasons.get(ab.id), ["has tags [a, b]"]);
  assert.deepEqual(kept([ab, a, none], { tags: [["b"], [""]] }), [none, ab]);
});

test("groups by host and paths (as a set); the policy applies to each group", () => {
  const list = [
    snap("2024-01-01T00:00:00Z", { host: "x", paths: ["/b", "/a"] }),
    snap("2024-01-02T00:00:00Z", { host: "x", paths: ["/a", "/b"] }),
    snap("2024-01-03T00:00:00Z", { host: "y", paths: ["/a", "/b"] }),
    snap("2024-01-04T00:00:00Z", { host: "x", paths: ["/a"] }),
  ];
  assert.equal(groupSnapshots(list).length, 3);
  const result = applyPolicy(list, { last: 1 }, now);
  assert.deepEqual(times(result.remove), ["2024-01-01T00:00:00.000Z"]);
  assert.deepEqual(result.groups[0]?.key, { hostname: "x", paths: ["/a", "/b"], tags: [] });
  assert.deepEqual(times(result.groups[0]?.keep ?? []), ["2024-01-02T00:00:00.000Z"]);
  assert.equal(applyPolicy(list, { last: 1 }, now, { host: false, paths: false, tags: false }).keep.length, 1);
});

test("an empty policy, and one leaving a group empty, are refused", () => {
  const list = [snap("2024-01-01T00:00:00Z"), snap("2024-01-02T00:00:00Z", { tags: ["keep"] })];
  assert.throws(() => applyPolicy(list, {}, now), invalidArgument);
  assert.throws(() => applyPolicy(list, { last: 0, tags: [] }, now), invalidArgument);
  assert.throws(() => applyPolicy(list, { last: -2 }, now), invalidArgument);
  assert.throws(() => applyPolicy(list, { tags: [["nope"]] }, now), /refusing to delete the last snapshot/);
  assert.equal(applyPolicy(list, { tags: [["keep"]] }, now).keep.length, 1);
});

test("keep-within counts back from the newest snapshot that is not in the future", () => {
  const list = [
    snap("2024-01-01T12:00:00Z"),
    snap("2024-01-05T12:00:00Z"),
    snap("2024-01-06T12:00:00Z"),
    snap("2024-01-20T12:00:00Z"), // in the future
  ];
  const at = new Date("2024-01-10T00:00:00Z");
  const result = applyPolicy(list, { within: parseDuration("2d") }, at);
  assert.deepEqual(times(result.remove), ["2024-01-01T12:00:00.000Z"]);
  assert.deepEqual(result.reasons.get(list[1]?.id ?? ""), ["within 2d"]);
  // the boundary itself is not "within" (strictly after)
  assert.deepEqual(times(kept(list.slice(1, 3), { within: parseDuration("1d"), last: 1 }, at)), [
    "2024-01-06T12:00:00.000Z",
  ]);
});

test("within-durations subtract months on the calendar (Mar 31 − 1 month = Mar 3)", () => {
  const latest = snap("2021-03-31T12:00:00Z");
  const before = snap("2021-03-03T11:00:00Z");
  const after = snap("2021-03-03T13:00:00Z");
  assert.deepEqual(kept([latest, before, after], { within: { years: 0, months: 1, days: 0, hours: 0 } }), [
    latest,
    after,
  ]);
  const hours = { years: 0, months: 0, days: 0, hours: 24 };
  assert.deepEqual(kept([latest, snap("2021-03-30T12:00:01Z")], { within: hours }).length, 2);
});

test("keep-within-daily keeps one per day within the duration, plus the oldest", () => {
  const list = [
    snap("2024-01-01T08:00:00Z"),
    snap("2024-01-05T08:00:00Z"),
    snap("2024-01-06T08:00:00Z"),
    snap("2024-01-06T09:00:00Z"),
  ];
  const result = applyPolicy(list, { withinDaily: parseDuration("3d") }, now);
  assert.deepEqual(times(result.keep), ["2024-01-06T09:00:00.000Z", "2024-01-05T08:00:00.000Z"]);
  assert.deepEqual(result.reasons.get(list[3]?.id ?? ""), ["daily within 3d"]);
  const oldest = applyPolicyToGroup(list.slice(2), { withinDaily: parseDuration("3d") }, now);
  assert.deepEqual(oldest.reasons.get(list[2]?.id ?? ""), ["oldest daily within 3d"]);
});

test("durations parse and print as restic's (1y2m3d4h)", () => {
  assert.deepEqual(parseDuration("1y2m3d4h"), { years: 1, months: 2, days: 3, hours: 4 });
  assert.deepEqual(parseDuration(" 36h "), { years: 0, months: 0, days: 0, hours: 36 });
  assert.equal(formatDuration(parseDuration("5d1y")), "1y5d");
  assert.throws(() => parseDuration("3"), /no unit/);
  assert.throws(() => parseDuration("3w"), /unknown unit "w"/);
  assert.throws(() => parseDuration("d"), /expected a number/);
});

async function repoWithSnapshots(list: SnapshotRef[]) {
  const repo = await initRepository(new MemoryStore(), "pw", { kdf: { N: 1024, r: 8, p: 1 } });
  const ids: string[] = [];
  for (const ref of list) ids.push(await saveSnapshot(repo, ref.snapshot));
  return { repo, ids };
}

test("forget by id removes exactly those snapshot files; dry run removes nothing", async () => {
  const { repo, ids } = await repoWithSnapshots([
    snap("2024-01-01T00:00:00Z"),
    snap("2024-01-02T00:00:00Z"),
    snap("2024-01-03T00:00:00Z"),
  ]);
  const [first, second, third] = ids;
  const dry = await forget(repo, { ids: [first?.slice(0, 10) ?? ""], dryRun: true });
  assert.deepEqual(
    dry.remove.map((r) => r.id),
    [first],
  );
  assert.equal((await listSnapshots(repo)).length, 3);
  const result = await forget(repo, { ids: [first ?? "", "latest"] });
  assert.deepEqual(result.removed.sort(), [first, third].sort());
  assert.deepEqual(
    (await listSnapshots(repo)).map((r) => r.id),
    [second],
  );
  await assert.rejects(forget(repo, { ids: ["ffff"] }), (e) => RepoError.is(e, "SnapshotNotFound"));
  assert.deepEqual(await repo.backend.listIds("lock"), []);
});

test("forget by policy removes what the policy does not keep", async () => {
  const { repo, ids } = await repoWithSnapshots([
    snap("2024-01-01T00:00:00Z"),
    snap("2024-01-02T00:00:00Z"),
    snap("2024-01-03T00:00:00Z", { host: "other" }),
  ]);
  const result = await forget(repo, { policy: { last: 1 } });
  assert.deepEqual(result.removed, [ids[0]]);
  assert.equal(result.groups.length, 2);
  assert.equal((await listSnapshots(repo)).length, 2);
  await assert.rejects(forget(repo, { ids: [ids[1] ?? ""], policy: { last: 1 } }), invalidArgument);
  await assert.rejects(forget(repo, {}), invalidArgument);
});
