/**
 * The kinds of files in a restic repository and where each lives (restic's default layout):
 * `config`, `keys/<id>`, `locks/<id>`, `snapshots/<id>`, `index/<id>`, and `data/<id[0:2]>/<id>`
 * for packs. Every file but `config` is named by the SHA-256 of its stored bytes.
 */
import { RepoError } from "./errors.ts";

export const fileTypes = ["config", "key", "lock", "snapshot", "index", "pack"] as const;
export type FileType = (typeof fileTypes)[number];

const folders: Record<Exclude<FileType, "config">, string> = {
  key: "keys",
  lock: "locks",
  snapshot: "snapshots",
  index: "index",
  pack: "data",
};

const hexId = /^[0-9a-f]{64}$/;

export function isId(id: string): boolean {
  return hexId.test(id);
}

/** The key of a repository file relative to the repository's root. */
export function fileKey(type: FileType, id = ""): string {
  if (type === "config") return "config";
  if (!isId(id)) throw new RepoError("InvalidArgument", `"${id}" is not a 64-hex-digit ${type} id`);
  return type === "pack" ? `data/${id.slice(0, 2)}/${id}` : `${folders[type]}/${id}`;
}

/** The folder that holds every file of `type` (for listing). */
export function folderOf(type: Exclude<FileType, "config">): string {
  return `${folders[type]}/`;
}
