/**
 * Finding snapshots: all of them (with their ids), one by full id, unique id prefix or "latest",
 * and the parent for a new backup (the latest snapshot with the same host and paths).
 */
import { RepoError } from "./errors.ts";
import { decodeSnapshot, encodeSnapshot, type Snapshot } from "./format/snapshot.ts";
import type { Repository } from "./repository.ts";

export interface SnapshotRef {
  id: string;
  snapshot: Snapshot;
}

export async function listSnapshots(repo: Repository): Promise<SnapshotRef[]> {
  const refs: SnapshotRef[] = [];
  for (const id of await repo.backend.listIds("snapshot")) {
    refs.push({ id, snapshot: decodeSnapshot(await repo.loadUnpacked("snapshot", id)) });
  }
  return refs.sort((a, b) => (a.snapshot.time.epochNs < b.snapshot.time.epochNs ? -1 : 1));
}

export async function findSnapshot(repo: Repository, idOrPrefix: string): Promise<SnapshotRef> {
  const all = await listSnapshots(repo);
  if (idOrPrefix === "latest") {
    const latest = all.at(-1);
    if (!latest) throw new RepoError("SnapshotNotFound", "the repository has no snapshots");
    return latest;
  }
  const matches = all.filter((ref) => ref.id.startsWith(idOrPrefix));
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length > 1)
    throw new RepoError("InvalidArgument", `snapshot id prefix "${idOrPrefix}" is ambiguous; give more digits`);
  throw new RepoError("SnapshotNotFound", `no snapshot "${idOrPrefix}" in the repository`);
}

function samePaths(a: readonly string[], b: readonly string[]): boolean {
  const sa = [...a].sort();
  const sb = [...b].sort();
  return sa.length === sb.length && sa.every((p, i) => p === sb[i]);
}

export async function findParent(
  repo: Repository,
  hostname: string,
  paths: readonly string[],
): Promise<SnapshotRef | undefined> {
  const candidates = (await listSnapshots(repo)).filter(
    (r) => r.snapshot.hostname === hostname && samePaths(r.snapshot.paths, paths),
  );
  return candidates.at(-1);
}

export async function saveSnapshot(repo: Repository, snapshot: Snapshot): Promise<string> {
  return repo.saveUnpacked("snapshot", encodeSnapshot(snapshot));
}
