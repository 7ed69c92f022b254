/**
 * `forget`: which snapshots a retention policy keeps, and removing snapshots (deleting their
 * files under snapshots/; the data they used stays until `prune`). Semantics follow restic's
 * `forget`:
 *
 * - Snapshots are grouped by host and paths (restic's default `--group-by host,paths`; paths are
 *   compared as a sorted set) and the policy is applied to each group on its own.
 * - Within a group, snapshots are taken newest first (ties keep their input order). A snapshot
 *   is kept if any rule keeps it, and every kept snapshot carries the reasons why.
 * - `last n` keeps the n newest. `hourly/daily/weekly/monthly/yearly n` walk the group newest
 *   first and keep a snapshot whenever it starts a period (hour, day, ISO week, month, year) not
 *   seen yet, until n periods are kept; periods are read from the wall clock in the snapshot's
 *   own recorded UTC offset, as restic does with the time.Time it decodes. -1 means unlimited.
 * - A bucket that still has counts left when the oldest snapshot is reached keeps it too
 *   ("oldest daily snapshot"), so the history reaches as far back as it can.
 * - `within d` keeps every snapshot newer than (latest − d), where latest is the newest
 *   snapshot of the group that is not in the future (relative to `now`); `withinDaily d` etc.
 *   keep one per period among those. Durations subtract years, months and days on the calendar
 *   (Go's AddDate normalization: Mar 31 − 1 month = Mar 3/2), then hours.
 * - `tags` is a list of tag lists: a snapshot that has every tag of one list is kept ("has
 *   tags [a, b]"); the list [""] matches untagged snapshots.
 *
 * Safety, as restic's CLI: an empty policy throws (it would remove everything), and so does a
 * policy that would leave a group with no snapshot at all (restic: "refusing to delete last
 * snapshot of snapshot group"). Both are RepoError "InvalidArgument".
 */
import { RepoError } from "./errors.ts";
import { goZeroTime, type GoTime } from "./format/time.ts";
import { Locker } from "./lock.ts";
import type { Repository } from "./repository.ts";
import { findSnapshot, listSnapshots, type SnapshotRef } from "./snapshots.ts";

/** A calendar duration, as restic's `--keep-within` takes it (`2y5m7d3h`). */
export interface ForgetDuration {
  years: number;
  months: number;
  days: number;
  hours: number;
}

export interface ForgetPolicy {
  /** Counts; -1 keeps every period ("unlimited"), 0 or absent disables the rule. */
  last?: number;
  hourly?: number;
  daily?: number;
  weekly?: number;
  monthly?: number;
  yearly?: number;
  within?: ForgetDuration;
  withinHourly?: ForgetDuration;
  withinDaily?: ForgetDuration;
  withinWeekly?: ForgetDuration;
  withinMonthly?: ForgetDuration;
  withinYearly?: ForgetDuration;
  /** Keep snapshots having all tags of any one list. */
  tags?: string[][];
}

export interface GroupBy {
  host: boolean;
  paths: boolean;
  tags: boolean;
}

export const defaultGroupBy: GroupBy = { host: true, paths: true, tags: false };

export interface GroupKey {
  hostname: string;
  paths: string[];
  tags: string[];
}

export interface PolicyGroup {
  key: GroupKey;
  keep: SnapshotRef[];
  remove: SnapshotRef[];
  /** Why each kept snapshot is kept, by snapshot id. */
  reasons: Map<string, string[]>;
}

export interface PolicyResult {
  keep: SnapshotRef[];
  remove: SnapshotRef[];
  reasons: Map<string, string[]>;
  groups: PolicyGroup[];
}

const countRules = ["last", "hourly", "daily", "weekly", "monthly", "yearly"] as const;
type CountRule = (typeof countRules)[number];
const withinRules = ["withinHourly", "withinDaily", "withinWeekly", "withinMonthly", "withinYearly"] as const;

/** The calendar fields of an instant in its own recorded offset. */
interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  /** Midnight of that day, as a UTC Date (for day arithmetic). */
  date: Date;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function utcDay(year: number, monthIndex: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day); // unlike Date.UTC, years 0..99 stay as they are
  return date;
}

function wallOf(t: GoTime): Wall {
  const offsetMs = Math.round(t.offsetMinutes * 60) * 1000;
  const at = new Date(Number(floorDiv(t.epochNs, 1_000_000n)) + offsetMs);
  const [year, month, day] = [at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate()];
  return { year, month, day, hour: at.getUTCHours(), date: utcDay(year, month - 1, day) };
}

/** Go's `ISOWeek`: the year and week (1..53) of the week's Thursday; weeks start on Monday. */
export function isoWeek(t: GoTime): { year: number; week: number } {
  const { date } = wallOf(t);
  const mondayBased = (date.getUTCDay() + 6) % 7;
  const thursday = utcDay(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - mondayBased + 3);
  const year = thursday.getUTCFullYear();
  const dayOfYear = Math.round((thursday.getTime() - utcDay(year, 0, 1).getTime()) / 86_400_000);
  return { year, week: Math.floor(dayOfYear / 7) + 1 };
}

type Bucker = (t: GoTime, nr: number) => number;

const buckers: Record<CountRule, Bucker> = {
  last: (_t, nr) => nr,
  hourly: (t) => ((w) => w.year * 1_000_000 + w.month * 10_000 + w.day * 100 + w.hour)(wallOf(t)),
  daily: (t) => ((w) => w.year * 10_000 + w.month * 100 + w.day)(wallOf(t)),
  weekly: (t) => ((w) => w.year * 100 + w.week)(isoWeek(t)),
  monthly: (t) => ((w) => w.year * 100 + w.month)(wallOf(t)),
  yearly: (t) => wallOf(t).year,
};

const periodOfWithin: Record<(typeof withinRules)[number], Exclude<CountRule, "last">> = {
  withinHourly: "hourly",
  withinDaily: "daily",
  withinWeekly: "weekly",
  withinMonthly: "monthly",
  withinYearly: "yearly",
};

function isZero(d: ForgetDuration | undefined): boolean {
  return !d || (d.years === 0 && d.months === 0 && d.days === 0 && d.hours === 0);
}

/** restic's duration text: `1y2m3d4h`, zero parts left out. */
export function formatDuration(d: ForgetDuration): string {
  return (
    (d.years ? `${d.years}y` : "") +
    (d.months ? `${d.months}m` : "") +
    (d.days ? `${d.days}d` : "") +
    (d.hours ? `${d.hours}h` : "")
  );
}

/** Parses `6y5m234d37h` (any subset, any order; a later unit overrides an earlier one). */
export function parseDuration(text: string): ForgetDuration {
  const d: ForgetDuration = { years: 0, months: 0, days: 0, hours: 0 };
  const units: Record<string, keyof ForgetDuration> = { y: "years", m: "months", d: "days", h: "hours" };
  let rest = text.trim();
  while (rest !== "") {
    const match = /^(-?\d+)(.?)/.exec(rest);
    if (!match) throw new RepoError("InvalidArgument", `duration "${text}": expected a number at "${rest}"`);
    const [whole, number = "", unit = ""] = match;
    const field = units[unit];
    if (!field) {
      throw new RepoError(
        "InvalidArgument",
        unit
          ? `duration "${text}": unknown unit "${unit}" (use y, m, d, h)`
          : `duration "${text}": no unit after ${number}`,
      );
    }
    d[field] = Number(number);
    rest = rest.slice(whole.length);
  }
  return d;
}

/** The instant `d` before `t` (calendar part first, in t's offset, then hours). */
function minusDuration(t: GoTime, d: ForgetDuration): bigint {
  const { year, month, day, date } = wallOf(t);
  const shifted = utcDay(year - d.years, month - 1 - d.months, day - d.days);
  const dayShiftNs = BigInt(shifted.getTime() - date.getTime()) * 1_000_000n;
  return t.epochNs + dayShiftNs - BigInt(d.hours) * 3_600_000_000_000n;
}

function hasTags(snapshotTags: readonly string[], list: readonly string[]): boolean {
  for (const tag of list) {
    if (tag === "" && snapshotTags.length === 0) return true;
    if (!snapshotTags.includes(tag)) return false;
  }
  return true;
}

export function isEmptyPolicy(policy: ForgetPolicy): boolean {
  return (
    countRules.every((rule) => !policy[rule]) &&
    isZero(policy.within) &&
    withinRules.every((rule) => isZero(policy[rule])) &&
    (policy.tags ?? []).length === 0
  );
}

function validate(policy: ForgetPolicy): void {
  for (const rule of countRules) {
    const n = policy[rule];
    if (n !== undefined && (!Number.isSafeInteger(n) || n < -1)) {
      throw new RepoError("InvalidArgument", `forget policy ${rule}: ${n} is not a count (or -1 for unlimited)`);
    }
  }
  if (isEmptyPolicy(policy)) {
    throw new RepoError("InvalidArgument", "no policy was specified, no snapshots will be removed");
  }
}

interface Bucket {
  count: number;
  last: number;
  reason: string;
  bucker: Bucker;
}

/** The newest snapshot time that is not in the future. */
function latestTime(list: readonly SnapshotRef[], nowNs: bigint): GoTime {
  let latest: GoTime = goZeroTime;
  for (const { snapshot } of list) {
    if (snapshot.time.epochNs > latest.epochNs && snapshot.time.epochNs < nowNs) latest = snapshot.time;
  }
  return latest;
}

/** One bucket's verdict on a snapshot: keeps it (returning the reason) or not. */
function takeBucket(bucket: Bucket, time: GoTime, nr: number, isOldest: boolean): string | undefined {
  const value = bucket.bucker(time, nr);
  if (value === bucket.last && !isOldest) return undefined;
  const reason = value === bucket.last ? `oldest ${bucket.reason}` : bucket.reason;
  bucket.last = value;
  if (bucket.count > 0) bucket.count--;
  return reason;
}

/** Applies the policy to one group (any order in; newest first out). */
export function applyPolicyToGroup(
  group: readonly SnapshotRef[],
  policy: ForgetPolicy,
  now: Date,
): Omit<PolicyGroup, "key"> {
  const list = [...group].sort((a, b) => Number(b.snapshot.time.epochNs - a.snapshot.time.epochNs) || 0);
  const counts: Bucket[] = countRules.map((rule) => ({
    count: policy[rule] ?? 0,
    last: -1,
    reason: `${rule} snapshot`,
    bucker: buckers[rule],
  }));
  const withins = withinRules
    .filter((rule) => !isZero(policy[rule]))
    .map((rule) => ({
      duration: policy[rule] as ForgetDuration,
      bucket: { count: -1, last: -1, reason: `${periodOfWithin[rule]} within`, bucker: buckers[periodOfWithin[rule]] },
    }));
  const latest = latestTime(list, BigInt(now.getTime()) * 1_000_000n);
  const result: Omit<PolicyGroup, "key"> = { keep: [], remove: [], reasons: new Map() };
  list.forEach((ref, nr) => {
    const time = ref.snapshot.time;
    const isOldest = nr === list.length - 1;
    const reasons: string[] = [];
    for (const tags of policy.tags ?? []) {
      if (hasTags(ref.snapshot.tags ?? [], tags)) reasons.push(`has tags [${tags.join(", ")}]`);
    }
    if (policy.within && !isZero(policy.within) && time.epochNs > minusDuration(latest, policy.within)) {
      reasons.push(`within ${formatDuration(policy.within)}`);
    }
    for (const bucket of counts) {
      if (bucket.count === 0) continue;
      const reason = takeBucket(bucket, time, nr, isOldest);
      if (reason) reasons.push(reason);
    }
    for (const { duration, bucket } of withins) {
      if (time.epochNs <= minusDuration(latest, duration)) continue;
      const reason = takeBucket(bucket, time, nr, isOldest);
      if (reason) reasons.push(`${reason} ${formatDuration(duration)}`);
    }
    if (reasons.length > 0) {
      result.keep.push(ref);
      result.reasons.set(ref.id, reasons);
    } else result.remove.push(ref);
  });
  return result;
}

function sortedPaths(paths: readonly string[]): string[] {
  return [...paths].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** Splits snapshots into groups (in a stable order: by key). */
export function groupSnapshots(
  snapshots: readonly SnapshotRef[],
  groupBy: GroupBy = defaultGroupBy,
): { key: GroupKey; snapshots: SnapshotRef[] }[] {
  const groups = new Map<string, { key: GroupKey; snapshots: SnapshotRef[] }>();
  for (const ref of snapshots) {
    const key: GroupKey = {
      hostname: groupBy.host ? (ref.snapshot.hostname ?? "") : "",
      paths: groupBy.paths ? sortedPaths(ref.snapshot.paths) : [],
      tags: groupBy.tags ? sortedPaths(ref.snapshot.tags ?? []) : [],
    };
    const text = JSON.stringify(key);
    const group = groups.get(text) ?? { key, snapshots: [] };
    group.snapshots.push(ref);
    groups.set(text, group);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, group]) => group);
}

export function describeGroupKey(key: GroupKey): string {
  const parts = [
    ...(key.hostname ? [`host ${key.hostname}`] : []),
    ...(key.paths.length ? [`paths [${key.paths.join(" ")}]`] : []),
    ...(key.tags.length ? [`tags [${key.tags.join(", ")}]`] : []),
  ];
  return parts.join(", ") || "all snapshots";
}

/**
 * Groups the snapshots and applies the policy to each group. Throws RepoError "InvalidArgument"
 * for an empty or invalid policy, and when a group would lose every snapshot.
 */
export function applyPolicy(
  snapshots: readonly SnapshotRef[],
  policy: ForgetPolicy,
  now: Date = new Date(),
  groupBy: GroupBy = defaultGroupBy,
): PolicyResult {
  validate(policy);
  const result: PolicyResult = { keep: [], remove: [], reasons: new Map(), groups: [] };
  for (const { key, snapshots: members } of groupSnapshots(snapshots, groupBy)) {
    const applied = applyPolicyToGroup(members, policy, now);
    if (applied.keep.length === 0) {
      throw new RepoError(
        "InvalidArgument",
        `refusing to delete the last snapshot of the group "${describeGroupKey(key)}" (no snapshot matches the policy)`,
      );
    }
    result.groups.push({ key, ...applied });
    result.keep.push(...applied.keep);
    result.remove.push(...applied.remove);
    for (const [id, reasons] of applied.reasons) result.reasons.set(id, reasons);
  }
  return result;
}

export interface ForgetOptions {
  /** Snapshot ids (full, unique prefixes, or "latest") to remove; or else a policy. */
  ids?: readonly string[];
  policy?: ForgetPolicy;
  groupBy?: GroupBy;
  dryRun?: boolean;
  now?: Date;
  /** Set when the caller already holds an exclusive lock (e.g. forget followed by prune). */
  holdsExclusiveLock?: boolean;
}

export interface ForgetResult {
  /** Per group (policy mode only). */
  groups: PolicyGroup[];
  /** Snapshots chosen for removal (removed unless dry run, minus `failed`). */
  remove: SnapshotRef[];
  removed: string[];
  failed: { id: string; error: string }[];
}

/** Deletes snapshot files; failures are reported, not thrown (restic carries on too). */
export async function removeSnapshots(
  repo: Repository,
  ids: readonly string[],
): Promise<{ removed: string[]; failed: { id: string; error: string }[] }> {
  const removed: string[] = [];
  const failed: { id: string; error: string }[] = [];
  for (const id of ids) {
    try {
      await repo.backend.remove("snapshot", id);
      removed.push(id);
    } catch (err) {
      failed.push({ id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return { removed, failed };
}

async function choose(repo: Repository, options: ForgetOptions): Promise<Pick<ForgetResult, "groups" | "remove">> {
  const ids = options.ids ?? [];
  if (ids.length > 0 && options.policy) {
    throw new RepoError("InvalidArgument", "forget: give either snapshot ids or a policy, not both");
  }
  if (ids.length > 0) {
    const chosen = new Map<string, SnapshotRef>();
    for (const id of ids) {
      const ref = await findSnapshot(repo, id);
      chosen.set(ref.id, ref);
    }
    return { groups: [], remove: [...chosen.values()] };
  }
  if (!options.policy) throw new RepoError("InvalidArgument", "forget: give snapshot ids or a policy");
  const applied = applyPolicy(await listSnapshots(repo), options.policy, options.now, options.groupBy);
  return { groups: applied.groups, remove: applied.remove };
}

/**
 * Removes the given snapshots, or those the policy does not keep, under an exclusive lock
 * (restic's forget takes one too). An unknown id throws RepoError "SnapshotNotFound" before
 * anything is removed.
 */
export async function forget(repo: Repository, options: ForgetOptions): Promise<ForgetResult> {
  const lock = options.holdsExclusiveLock ? undefined : await new Locker(repo).lock(true);
  try {
    const { groups, remove } = await choose(repo, options);
    if (options.dryRun) return { groups, remove, removed: [], failed: [] };
    const outcome = await removeSnapshots(
      repo,
      remove.map((r) => r.id),
    );
    return { groups, remove, ...outcome };
  } finally {
    await lock?.release();
  }
}
