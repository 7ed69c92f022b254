/**
 * Backup: walks the given paths and stores them as a snapshot. Every path is stored under its
 * absolute location, each folder on the way a tree node with its own metadata, as restic does,
 * so both tools give the same tree for the same folder. Files are read as streams and cut by the
 * repository's chunker; a file whose size, mtime, ctime and inode match its node in the parent
 * snapshot (ctime and inode can be ignored) keeps its content list without being read, provided
 * all its blobs are in the index. Trees are saved bottom-up; packs, then the index, then the
 * snapshot are written, in that order.
 */
import { readFileSync } from "node:fs";
import { lstat, readdir, readlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { BlobSaver, type BlobSaverOptions } from "../blob-saver.ts";
import { RepoError } from "../errors.ts";
import type { TreeNode } from "../format/node.ts";
import type { Snapshot, SnapshotSummary } from "../format/snapshot.ts";
import { localOffsetMinutes, type GoTime } from "../format/time.ts";
import { compareNames, decodeTree, encodeTree } from "../format/tree.ts";
import type { Repository } from "../repository.ts";
import { findParent, findSnapshot, saveSnapshot } from "../snapshots.ts";
import { nodeFromStat } from "./fs-node.ts";
import { IdNames } from "./users.ts";
import { FileWorkerPool } from "./worker-pool.ts";
import { Semaphore } from "../../util/semaphore.ts";
import { forEachLimit } from "../../util/pool.ts";
import { lifeboatVersion } from "../../version.ts";

export interface BackupOptions {
  paths: string[];
  hostname?: string;
  tags?: string[];
  /** A snapshot id (or prefix) to compare against; undefined: the latest with the same host and paths; null: none. */
  parent?: string | null;
  ignoreInode?: boolean;
  ignoreCtime?: boolean;
  saver?: Partial<BlobSaverOptions>;
  now?: () => Date;
  onProgress?: (progress: BackupProgress) => void;
}

export interface BackupProgress {
  filesDone: number;
  bytesDone: number;
  currentFile?: string;
}

export interface BackupResult {
  id: string;
  snapshot: Snapshot;
  /** Files and folders that could not be read and are not in the snapshot. */
  errors: { path: string; message: string }[];
}

/** A node of the folders to walk: real children to read, or only the selected ones. */
/** Entries of one folder handled at once. */
const entryConcurrency = 16;

/** Files smaller than restic's minimum chunk size are a single chunk. */
const smallFileBytes = 512 * 1024;

interface Target {
  children: Map<string, Target>;
  /** Set when this folder (or file) itself was named as a backup path: back up all of it. */
  whole: boolean;
}

function goNow(date: Date): GoTime {
  const ns = BigInt(date.getTime()) * 1_000_000n;
  return { epochNs: ns, offsetMinutes: localOffsetMinutes(ns) };
}

function targetTree(paths: readonly string[]): Target {
  const root: Target = { children: new Map(), whole: false };
  for (const p of paths) {
    let at = root;
    for (const part of p.split("/").filter(Boolean)) {
      let next = at.children.get(part);
      if (!next) {
        next = { children: new Map(), whole: false };
        at.children.set(part, next);
      }
      at = next;
    }
    at.whole = true;
  }
  return root;
}

export class Archiver {
  private readonly repo: Repository;
  private readonly options: BackupOptions;
  private readonly saver: BlobSaver;
  private readonly names = new IdNames();
  private readonly errors: { path: string; message: string }[] = [];
  /** The parent's folder standing in for the one folder backed up (see relocateParent). */
  private relocated: { path: string; node: TreeNode } | undefined;
  private readonly summary = {
    filesNew: 0,
    filesChanged: 0,
    filesUnmodified: 0,
    dirsNew: 0,
    dirsChanged: 0,
    dirsUnmodified: 0,
    totalFilesProcessed: 0,
    totalBytesProcessed: 0,
  };

  constructor(repo: Repository, options: BackupOptions) {
    this.repo = repo;
    this.options = options;
    this.saver = new BlobSaver(repo, options.saver);
  }

  async run(): Promise<BackupResult> {
    const now = this.options.now ?? (() => new Date());
    const start = goNow(now());
    const paths = this.options.paths.map((p) => path.resolve(p));
    if (paths.length === 0) throw new RepoError("InvalidArgument", "backup: give at least one path");
    for (const p of paths)
      await lstat(p).catch((err: unknown) =>
        Promise.reject(new RepoError("InvalidArgument", `backup: cannot read ${p}: ${(err as Error).message}`)),
      );
    await this.repo.loadIndex();
    const hostname = this.options.hostname ?? os.hostname();
    const parent = await this.parentSnapshot(hostname, paths);
    const parentTree = parent ? await this.loadTree(parent.snapshot.tree) : undefined;
    if (parent) await this.relocateParent(parent.snapshot, paths);
    let tree: string;
    this.workers = new FileWorkerPool(this.repo, { compression: this.options.saver?.compression ?? "auto" });
    try {
      tree = await this.saveDir(Buffer.from("/"), targetTree(paths), parentTree);
    } finally {
      await this.workers.close();
    }
    await this.saver.flush();
    const user = os.userInfo();
    const stats = this.saver.stats;
    const summary: SnapshotSummary = {
      backupStart: start,
      backupEnd: goNow(now()),
      ...this.summary,
      dataBlobs: stats.blobsNewByType.data,
      treeBlobs: stats.blobsNewByType.tree,
      dataAdded: stats.bytesAdded,
      dataAddedPacked: stats.bytesAddedPacked,
    };
    const snapshot: Snapshot = {
      time: start,
      ...(parent ? { parent: parent.id } : {}),
      tree,
      paths,
      hostname,
      username: user.username,
      ...(user.uid > 0 ? { uid: user.uid } : {}),
      ...(user.gid > 0 ? { gid: user.gid } : {}),
      ...(this.options.tags?.length ? { tags: this.options.tags } : {}),
      programVersion: `lifeboat ${lifeboatVersion}`,
      summary,
    };
    return { id: await saveSnapshot(this.repo, snapshot), snapshot, errors: this.errors };
  }

  private async parentSnapshot(hostname: string, paths: string[]) {
    if (this.options.parent === null) return undefined;
    if (this.options.parent) return findSnapshot(this.repo, this.options.parent);
    return findParent(this.repo, hostname, paths);
  }

  /**
   * One folder backed up from a new place (a pod volume's folder carries the pod's UID, which
   * changes when the pod is rescheduled) against a parent taken of one folder elsewhere: the
   * parent's folder stands in for this one, so unchanged files are still not read again.
   * restic would match nothing and re-read everything.
   */
  private async relocateParent(parent: Snapshot, paths: string[]): Promise<void> {
    const [here] = paths;
    const [there] = parent.paths;
    if (paths.length !== 1 || parent.paths.length !== 1 || !here || !there || here === there) return;
    let node: TreeNode | undefined;
    let tree: Map<string, TreeNode> | undefined = await this.loadTree(parent.tree);
    for (const part of there.split("/").filter(Boolean)) {
      node = tree?.get(Buffer.from(part).toString("latin1"));
      tree = node?.type === "dir" && node.subtree ? await this.loadTree(node.subtree) : undefined;
    }
    if (node?.type === "dir") this.relocated = { path: here, node };
  }

  private async loadTree(id: string): Promise<Map<string, TreeNode>> {
    const nodes = decodeTree(await this.repo.loadBlob("tree", id));
    return new Map(nodes.map((n) => [n.name.toString("latin1"), n]));
  }

  /** Saves the folder at `dir` (all of it, or only the `target`'s selected children); returns its tree id. */
  private async saveDir(dir: Buffer, target: Target, parentTree: Map<string, TreeNode> | undefined): Promise<string> {
    const names = target.whole
      ? (await readdir(dir, { encoding: "buffer" })).sort(compareNames)
      : [...target.children.keys()].map((n) => Buffer.from(n)).sort(compareNames);
    // entries are read a few at a time (files also share a bounded number of slots), kept in
    // name order; a bound here keeps a folder of 100k files from holding 100k pending lstats
    const nodes: (TreeNode | undefined)[] = new Array<TreeNode | undefined>(names.length);
    await forEachLimit(names, entryConcurrency, async (name, i) => {
      const childPath = Buffer.concat([dir, Buffer.from(dir.length === 1 ? "" : "/"), name]);
      const previous =
        parentTree?.get(name.toString("latin1")) ??
        (this.relocated?.path === childPath.toString("utf8") ? this.relocated.node : undefined);
      const selected = target.whole ? undefined : target.children.get(name.toString("utf8"));
      nodes[i] = await this.saveEntry(
        childPath,
        name,
        selected ?? { children: new Map(), whole: true },
        previous,
      ).catch((err: unknown) => this.unreadable(childPath, err));
    });
    return this.saver.save("tree", encodeTree(nodes.filter((n): n is TreeNode => n !== undefined)));
  }

  /**
   * An entry that cannot be read (permission denied, I/O error, a file that vanished while it
   * was read) is left out and reported, as restic does; the snapshot is still written, and the
   * caller learns from `errors` that it is incomplete. Repository and storage failures still fail.
   */
  private unreadable(fullPath: Buffer, err: unknown): undefined {
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code !== "string" || !/^E[A-Z]+$/.test(code)) throw err; // only system errors (EACCES, EIO…)
    this.errors.push({ path: fullPath.toString("utf8"), message: (err as Error).message });
    return undefined;
  }

  private async saveEntry(
    fullPath: Buffer,
    name: Buffer,
    target: Target,
    previous: TreeNode | undefined,
  ): Promise<TreeNode | undefined> {
    let st;
    try {
      st = await lstat(fullPath, { bigint: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined; // removed while we walked
      throw err;
    }
    const linktarget = st.isSymbolicLink() ? await readlink(fullPath, { encoding: "buffer" }) : undefined;
    const node = nodeFromStat(name, st, this.names, linktarget);
    if (node.type === "dir") {
      const previousTree =
        previous?.type === "dir" && previous.subtree ? await this.loadTree(previous.subtree) : undefined;
      node.subtree = await this.saveDir(fullPath, target, previousTree);
      if (!previous) this.summary.dirsNew++;
      else if (previous.subtree === node.subtree) this.summary.dirsUnmodified++;
      else this.summary.dirsChanged++;
    } else if (node.type === "file") {
      node.content = await this.fileSlots.run(() => this.fileContent(fullPath, node, previous));
      this.filesDone++;
      this.summary.totalFilesProcessed++;
      this.summary.totalBytesProcessed += Number(node.size ?? 0n);
    }
    return node;
  }

  private unchanged(node: TreeNode, previous: TreeNode | undefined): previous is TreeNode & { content: string[] } {
    if (!previous || previous.type !== "file" || !previous.content) return false;
    if ((previous.size ?? 0n) !== (node.size ?? 0n) || previous.mtime.epochNs !== node.mtime.epochNs) return false;
    const ignoreInode = this.options.ignoreInode ?? false;
    if (!ignoreInode && !(this.options.ignoreCtime ?? false) && previous.ctime.epochNs !== node.ctime.epochNs)
      return false;
    if (!ignoreInode && previous.inode !== node.inode) return false;
    return previous.content.every((id) => this.repo.index.has("data", id));
  }

  private async fileContent(fullPath: Buffer, node: TreeNode, previous: TreeNode | undefined): Promise<string[]> {
    const display = fullPath.toString("utf8");
    if (this.unchanged(node, previous)) {
      this.summary.filesUnmodified++;
      this.progress(display, Number(node.size ?? 0n));
      return previous.content;
    }
    if (previous) this.summary.filesChanged++;
    else this.summary.filesNew++;
    const size = Number(node.size ?? 0n);
    if (size === 0) return [];
    if (size < smallFileBytes) {
      // a file below the minimum chunk size is one chunk; handing it to a worker costs more
      // than encoding it here, and a synchronous read of a cached small file beats four async hops
      const data = readFileSync(fullPath);
      this.progress(display, data.length);
      return data.length === 0 ? [] : [await this.saver.save("data", data)];
    }
    const content: string[] = [];
    for await (const chunk of this.workers.encodeFile(fullPath)) {
      content.push(await this.saver.saveEncoded(chunk.blob, chunk.length));
      this.progress(display, chunk.length);
    }
    return content;
  }

  /** Chunking and encoding run in worker threads, one per core (started by run, always stopped). */
  private workers!: FileWorkerPool;
  /** Files read at once: small files overlap their I/O, large ones share the CPU. */
  private readonly fileSlots = new Semaphore(4);
  private filesDone = 0;
  private bytesDone = 0;

  private progress(file: string, bytes: number): void {
    this.bytesDone += bytes;
    this.options.onProgress?.({ filesDone: this.filesDone, bytesDone: this.bytesDone, currentFile: file });
  }
}

export function backup(repo: Repository, options: BackupOptions): Promise<BackupResult> {
  return new Archiver(repo, options).run();
}
