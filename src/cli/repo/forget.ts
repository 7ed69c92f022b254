/**
 * `lifeboat repo forget [id…] [--keep-* …] [--prune] [--dry-run]`: remove snapshots, given by
 * id or chosen by a retention policy (restic's flags and semantics, src/repo/forget.ts), then
 * optionally prune, all under one exclusive lock.
 */
import type { Command } from "commander";
import {
  describeGroupKey,
  forget,
  isEmptyPolicy,
  parseDuration,
  type ForgetDuration,
  type ForgetPolicy,
  type GroupBy,
  type PolicyGroup,
} from "../../repo/forget.ts";
import { RepoError } from "../../repo/errors.ts";
import { Locker } from "../../repo/lock.ts";
import { prune } from "../../repo/prune.ts";
import type { SnapshotRef } from "../../repo/snapshots.ts";
import { UsageError } from "../output.ts";
import { openRepo, repoGlobals } from "./context.ts";
import { shortTime, snapshotJson, table } from "./format.ts";
import { addPruneOptions, printPruneResult, pruneOptionsFrom, type PruneFlags } from "./prune.ts";

interface ForgetFlags extends PruneFlags {
  keepLast?: string;
  keepHourly?: string;
  keepDaily?: string;
  keepWeekly?: string;
  keepMonthly?: string;
  keepYearly?: string;
  keepWithin?: string;
  keepWithinHourly?: string;
  keepWithinDaily?: string;
  keepWithinWeekly?: string;
  keepWithinMonthly?: string;
  keepWithinYearly?: string;
  keepTag: string[];
  groupBy: string;
  prune?: boolean;
}

/** A --keep-* count: a whole number, or "unlimited" (-1). */
export function parseKeepCount(flag: string, value: string): number {
  if (value === "unlimited") return -1;
  if (/^-\d+$/.test(value)) throw new UsageError(`${flag}: "${value}" is negative; use "unlimited" to keep all`);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new UsageError(`${flag}: "${value}" is not a whole number (or "unlimited")`);
  return Number(value);
}

function parseKeepDuration(flag: string, value: string): ForgetDuration {
  try {
    return parseDuration(value);
  } catch (err) {
    if (!RepoError.is(err)) throw err;
    throw new UsageError(`${flag}: "${value}" is not a duration like 1y6m7d12h`);
  }
}

export function parseGroupBy(value: string): GroupBy {
  const groupBy: GroupBy = { host: false, paths: false, tags: false };
  for (const part of value.split(",").map((p) => p.trim())) {
    if (part === "host" || part === "hosts") groupBy.host = true;
    else if (part === "path" || part === "paths") groupBy.paths = true;
    else if (part === "tag" || part === "tags") groupBy.tags = true;
    else if (part !== "")
      throw new UsageError(`--group-by: "${part}" is not host, paths or tags (use '' for no grouping)`);
  }
  return groupBy;
}

const counts = [
  ["last", "keepLast", "--keep-last"],
  ["hourly", "keepHourly", "--keep-hourly"],
  ["daily", "keepDaily", "--keep-daily"],
  ["weekly", "keepWeekly", "--keep-weekly"],
  ["monthly", "keepMonthly", "--keep-monthly"],
  ["yearly", "keepYearly", "--keep-yearly"],
] as const;

const durations = [
  ["within", "keepWithin", "--keep-within"],
  ["withinHourly", "keepWithinHourly", "--keep-within-hourly"],
  ["withinDaily", "keepWithinDaily", "--keep-within-daily"],
  ["withinWeekly", "keepWithinWeekly", "--keep-within-weekly"],
  ["withinMonthly", "keepWithinMonthly", "--keep-within-monthly"],
  ["withinYearly", "keepWithinYearly", "--keep-within-yearly"],
] as const;

/** The policy the flags describe (empty when no --keep-* flag is given). */
export function policyFromFlags(flags: ForgetFlags): ForgetPolicy {
  const policy: ForgetPolicy = {};
  for (const [rule, key, flag] of counts) {
    const value = flags[key];
    if (value !== undefined) policy[rule] = parseKeepCount(flag, value);
  }
  for (const [rule, key, flag] of durations) {
    const value = flags[key];
    if (value !== undefined) policy[rule] = parseKeepDuration(flag, value);
  }
  if (flags.keepTag.length > 0) policy.tags = flags.keepTag.map((list) => list.split(",").map((t) => t.trim()));
  return policy;
}

function groupJson(group: PolicyGroup): Record<string, unknown> {
  return {
    tags: group.key.tags.length ? group.key.tags : null,
    host: group.key.hostname,
    paths: group.key.paths.length ? group.key.paths : null,
    keep: group.keep.map(snapshotJson),
    remove: group.remove.map(snapshotJson),
    reasons: group.keep.map((ref) => ({ snapshot: snapshotJson(ref), matches: group.reasons.get(ref.id) ?? [] })),
  };
}

function snapshotTable(refs: SnapshotRef[], reasons?: Map<string, string[]>): string {
  const rows = refs.map(({ id, snapshot: s }) => [
    id.slice(0, 8),
    shortTime(s.time),
    s.hostname ?? "",
    (s.tags ?? []).join(","),
    ...(reasons ? [(reasons.get(id) ?? []).join(", ")] : []),
    s.paths.join(" "),
  ]);
  return table(["ID", "Time", "Host", "Tags", ...(reasons ? ["Reasons"] : []), "Paths"], rows);
}

function printGroups(groups: PolicyGroup[]): void {
  for (const group of groups) {
    process.stdout.write(`snapshots for ${describeGroupKey(group.key)}:\n\n`);
    if (group.keep.length) {
      process.stdout.write(`keep ${group.keep.length} snapshots:\n${snapshotTable(group.keep, group.reasons)}\n`);
    }
    if (group.remove.length) {
      process.stdout.write(`remove ${group.remove.length} snapshots:\n${snapshotTable(group.remove)}\n`);
    }
  }
}

export function registerForget(repo: Command): void {
  const collect = (v: string, all: string[]): string[] => [...all, v];
  const command = repo
    .command("forget")
    .description("Remove snapshots, by id or by a policy (takes an exclusive lock)")
    .argument("[id...]", "snapshots to remove (id, id prefix, or latest)")
    .option("-l, --keep-last <n>", "keep the last n snapshots ('unlimited' keeps all)")
    .option("-H, --keep-hourly <n>", "keep the last n hourly snapshots")
    .option("-d, --keep-daily <n>", "keep the last n daily snapshots")
    .option("-w, --keep-weekly <n>", "keep the last n weekly snapshots")
    .option("-m, --keep-monthly <n>", "keep the last n monthly snapshots")
    .option("-y, --keep-yearly <n>", "keep the last n yearly snapshots")
    .option("--keep-within <duration>", "keep snapshots newer than this before the latest, e.g. 1y5m7d2h")
    .option("--keep-within-hourly <duration>", "keep hourly snapshots within this duration of the latest")
    .option("--keep-within-daily <duration>", "keep daily snapshots within this duration of the latest")
    .option("--keep-within-weekly <duration>", "keep weekly snapshots within this duration of the latest")
    .option("--keep-within-monthly <duration>", "keep monthly snapshots within this duration of the latest")
    .option("--keep-within-yearly <duration>", "keep yearly snapshots within this duration of the latest")
    .option("--keep-tag <taglist>", "keep snapshots with all these tags, comma-separated (repeatable)", collect, [])
    .option("-g, --group-by <group>", "group snapshots by host, paths and/or tags ('' for no grouping)", "host,paths")
    .option("--prune", "prune the repository afterwards if snapshots were removed")
    .option("-n, --dry-run", "only show what would be removed");
  addPruneOptions(command).action(async (ids: string[], flags: ForgetFlags, cmd: Command) => {
    const globals = repoGlobals(cmd);
    const policy = policyFromFlags(flags);
    const groupBy = parseGroupBy(flags.groupBy);
    const pruneOptions = pruneOptionsFrom(flags, (m) => !globals.json && process.stderr.write(`${m}\n`));
    const hasPolicy = !isEmptyPolicy(policy);
    if (ids.length > 0 && hasPolicy) throw new UsageError("forget: give snapshot ids or --keep-* flags, not both");
    if (ids.length === 0 && !hasPolicy)
      throw new UsageError("forget: give snapshot ids to remove, or a policy with --keep-last, --keep-daily, …");
    const repository = await openRepo(globals);
    const lock = await new Locker(repository).lock(true);
    try {
      const dryRun = flags.dryRun ?? false;
      const result = await forget(repository, {
        ...(ids.length > 0 ? { ids } : { policy, groupBy }),
        dryRun,
        holdsExclusiveLock: true,
      });
      if (globals.json) process.stdout.write(JSON.stringify(result.groups.map(groupJson)) + "\n");
      else printGroups(result.groups);
      for (const ref of globals.json ? [] : result.remove) {
        if (dryRun) process.stdout.write(`would remove snapshot ${ref.id.slice(0, 8)}\n`);
        else if (result.removed.includes(ref.id)) process.stdout.write(`removed snapshot ${ref.id.slice(0, 8)}\n`);
      }
      for (const { id, error } of result.failed) process.stderr.write(`error: removing snapshot ${id}: ${error}\n`);
      if (result.failed.length > 0) {
        process.exitCode = 3;
        return;
      }
      if (flags.prune && result.remove.length > 0) {
        if (!globals.json) {
          const n = result.remove.length;
          process.stdout.write(
            dryRun
              ? `${n} snapshots would be removed, running prune dry run\n`
              : `${n} snapshots removed, running prune\n`,
          );
        }
        const pruned = await prune(repository, {
          ...pruneOptions,
          holdsExclusiveLock: true,
          ignoreSnapshots: result.remove.map((r) => r.id),
        });
        printPruneResult(pruned, globals.json ?? false);
      }
    } finally {
      await lock.release();
    }
  });
}
