/**
 * User and group names for uids and gids, read once from /etc/passwd and /etc/group — what Go's
 * os/user does without cgo, and so what restic records in a node's `user` and `group`.
 */
import { readFileSync } from "node:fs";

function readIdNames(file: string): Map<number, string> {
  const names = new Map<number, string>();
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return names;
  }
  for (const line of text.split("\n")) {
    const [name, , id] = line.split(":");
    const n = Number(id);
    if (name && Number.isInteger(n) && !names.has(n)) names.set(n, name);
  }
  return names;
}

export class IdNames {
  private users?: Map<number, string>;
  private groups?: Map<number, string>;

  user(uid: number): string | undefined {
    this.users ??= readIdNames("/etc/passwd");
    return this.users.get(uid);
  }

  group(gid: number): string | undefined {
    this.groups ??= readIdNames("/etc/group");
    return this.groups.get(gid);
  }
}
