/**
 * An ObjectStore on a local folder (the `filesystem` BackupStorageLocation provider, for a
 * single node and for tests). Writes are atomic and durable: the body goes to a temp file in
 * `<root>/.tmp`, is fsynced, then renamed into place (or hard-linked, for ifAbsent, which fails
 * atomically if the key exists), and the folder is fsynced. Listing has S3's semantics and order.
 * Like MinIO, it cannot hold an object whose key is also a folder of other keys ("a/b" and
 * "a/b/c"): that put fails with Conflict.
 */
import { randomBytes } from "node:crypto";
import { constants, createWriteStream, type Dirent } from "node:fs";
import { link, mkdir, open, readdir, rename, rmdir, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { clipRange, checkLength } from "../body.ts";
import { StorageError, notFound } from "../errors.ts";
import { compareKeys, groupByDelimiter, validateKey } from "../keys.ts";
import type * as api from "../object-store.ts";
import { decodeSegment, keyToPath, listingStart } from "./key-paths.ts";

const tmpDirName = ".tmp";

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class FilesystemStore implements api.ObjectStore {
  readonly capabilities = { presign: false, atomicIfAbsent: true };
  readonly description: string;
  private readonly root: string;

  constructor(opts: { root: string }) {
    this.root = path.resolve(opts.root);
    this.description = `filesystem ${this.root}`;
  }

  private async checkRoot(key?: string): Promise<void> {
    try {
      if ((await stat(this.root)).isDirectory()) return;
    } catch (err) {
      if (errno(err) !== "ENOENT") throw this.wrap(err, key);
    }
    throw new StorageError("BucketNotFound", `the folder ${this.root} does not exist: create it or fix the path`, {
      key,
    });
  }

  private wrap(err: unknown, key?: string): StorageError {
    if (StorageError.is(err)) return err;
    const code = errno(err);
    if (code === "EACCES" || code === "EPERM") {
      return new StorageError("AccessDenied", `permission denied on ${this.root}${key ? ` for "${key}"` : ""}`, {
        key,
        cause: err,
      });
    }
    if (code === "ENOTDIR" || code === "EISDIR" || code === "EEXIST" || code === "ENOTEMPTY") {
      return new StorageError("Conflict", `"${key ?? ""}" collides with a folder or object of another key`, {
        key,
        cause: err,
      });
    }
    return new StorageError("ServerError", `filesystem error on "${key ?? this.root}": ${(err as Error).message}`, {
      key,
      cause: err,
    });
  }

  async put(key: string, body: api.PutBody, options: api.PutOptions = {}): Promise<void> {
    validateKey(key);
    const target = keyToPath(this.root, key);
    await this.checkRoot(key);
    const tmpDir = path.join(this.root, tmpDirName);
    await mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${randomBytes(12).toString("hex")}`);
    try {
      const written = await this.writeDurably(tmp, body);
      checkLength(key, written, options.length);
      await this.moveIntoPlace(tmp, target, key, options.ifAbsent ?? false);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw this.wrap(err, key);
    }
  }

  private async writeDurably(file: string, body: api.PutBody): Promise<number> {
    let written = 0;
    const source =
      body instanceof Uint8Array ? Readable.from([Buffer.from(body.buffer, body.byteOffset, body.byteLength)]) : body;
    const counter = async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        written += chunk.length;
        yield chunk;
      }
    };
    const out = createWriteStream(file, { flags: "wx", mode: 0o644, flush: true });
    await pipeline(source, counter, out);
    const handle = await open(file, "r+");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    return written;
  }

  private async moveIntoPlace(tmp: string, target: string, key: string, ifAbsent: boolean): Promise<void> {
    // a concurrent delete may remove the empty parent folder between mkdir and rename: retry
    for (let attempt = 0; ; attempt++) {
      await mkdir(path.dirname(target), { recursive: true });
      try {
        if (ifAbsent) {
          await link(tmp, target);
          await unlink(tmp);
        } else {
          await rename(tmp, target);
        }
        await fsyncDir(path.dirname(target));
        return;
      } catch (err) {
        if (ifAbsent && errno(err) === "EEXIST") {
          throw new StorageError("Conflict", `object "${key}" already exists`, { key, cause: err });
        }
        if (errno(err) !== "ENOENT" || attempt >= 3) throw err;
      }
    }
  }

  async get(key: string, range?: api.ByteRange): Promise<Readable> {
    validateKey(key);
    const file = keyToPath(this.root, key);
    let handle;
    try {
      handle = await open(file, "r");
      const info = await handle.stat();
      if (!info.isFile()) throw Object.assign(new Error("not a file"), { code: "ENOENT" });
      const { start, end } = clipRange(info.size, range);
      if (end === start) {
        await handle.close();
        return Readable.from([]);
      }
      return handle.createReadStream({ start, end: end - 1, autoClose: true });
    } catch (err) {
      await handle?.close().catch(() => undefined);
      throw await this.missingOr(err, key);
    }
  }

  private async missingOr(err: unknown, key: string): Promise<StorageError> {
    if (StorageError.is(err)) return err;
    if (errno(err) === "ENOENT" || errno(err) === "ENOTDIR" || errno(err) === "EISDIR") {
      await this.checkRoot(key);
      return notFound(key, err);
    }
    return this.wrap(err, key);
  }

  async stat(key: string): Promise<api.ObjectInfo> {
    validateKey(key);
    try {
      const info = await stat(keyToPath(this.root, key));
      if (!info.isFile()) throw Object.assign(new Error("not a file"), { code: "ENOENT" });
      return { key, size: info.size, lastModified: info.mtime };
    } catch (err) {
      throw await this.missingOr(err, key);
    }
  }

  async *list(options: api.ListOptions = {}): AsyncIterable<api.ListEntry> {
    const prefix = options.prefix ?? "";
    await this.checkRoot();
    const { dir, keyPrefix } = listingStart(this.root, prefix);
    if (options.delimiter === "/") {
      yield* this.walk(dir, keyPrefix, prefix, true);
      return;
    }
    const objects = async function* (entries: AsyncIterable<api.ListEntry>) {
      for await (const entry of entries) if (entry.kind === "object") yield entry.object;
    };
    yield* groupByDelimiter(objects(this.walk(dir, keyPrefix, prefix, false)), prefix, options.delimiter);
  }

  /**
   * Yields the objects under `dir` in key order. Sorting each folder's names with "/" appended to
   * folder names orders them exactly as their full keys sort. With `collapse`, a folder whose key
   * starts with the listing prefix is one common prefix (if it holds any object).
   */
  private async *walk(dir: string, keyPrefix: string, prefix: string, collapse: boolean): AsyncIterable<api.ListEntry> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (errno(err) === "ENOENT" || errno(err) === "ENOTDIR") return;
      throw this.wrap(err);
    }
    const items = entries
      .filter((e) => !(dir === this.root && e.name === tmpDirName))
      .map((e) => {
        const isDir = e.isDirectory();
        const key = keyPrefix + decodeSegment(e.name) + (isDir ? "/" : "");
        return { path: path.join(dir, e.name), key, isDir };
      })
      .sort((a, b) => compareKeys(a.key, b.key));
    for (const item of items) {
      if (item.isDir) {
        if (collapse && item.key.startsWith(prefix)) {
          if (await this.holdsAnObject(item.path)) yield { kind: "prefix", prefix: item.key };
        } else if (item.key.startsWith(prefix) || prefix.startsWith(item.key)) {
          yield* this.walk(item.path, item.key, prefix, collapse);
        }
      } else if (item.key.startsWith(prefix)) {
        const info = await stat(item.path).catch(() => undefined);
        if (info)
          yield {
            kind: "object",
            object: { key: item.key, size: info.size, lastModified: info.mtime },
          };
      }
    }
  }

  private async holdsAnObject(dir: string): Promise<boolean> {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory()) return true;
      if (await this.holdsAnObject(path.join(dir, entry.name))) return true;
    }
    return false;
  }

  async delete(key: string): Promise<void> {
    validateKey(key);
    const file = keyToPath(this.root, key);
    try {
      await unlink(file);
    } catch (err) {
      if (errno(err) === "ENOENT" || errno(err) === "ENOTDIR") return;
      if (errno(err) === "EISDIR") return; // a folder of other keys: no object by that name
      throw this.wrap(err, key);
    }
    await this.removeEmptyParents(path.dirname(file));
  }

  private async removeEmptyParents(dir: string): Promise<void> {
    for (let current = dir; current.startsWith(this.root + path.sep); current = path.dirname(current)) {
      try {
        await rmdir(current);
      } catch {
        return; // not empty (or already gone): stop climbing
      }
    }
  }

  async deleteMany(keys: readonly string[]): Promise<void> {
    for (const key of keys) await this.delete(key);
  }

  presignGet(key: string): Promise<string> {
    return Promise.reject(
      new StorageError("Unsupported", "the filesystem store has no HTTP endpoint to presign", {
        key,
      }),
    );
  }
}
