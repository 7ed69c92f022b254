/**
 * Streams a backup tarball (gzip'd tar in Velero's layout, src/backup/tarball-layout.ts) into a
 * work directory and indexes its items. Only one copy of each item is kept: Velero-layout
 * tarballs hold every item twice (the legacy path and the `<version>-preferredversion/` copy,
 * identical), so whichever comes first is written and the other drained; copies at other,
 * non-preferred versions are ignored. Memory stays at one item at a time, whatever the size of
 * the backup. metadata/version is checked: format 1.x is read, anything else refused.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";
import { parseItemPath, versionPath } from "../backup/tarball-layout.ts";
import { RestoreError, throwIfAborted } from "./errors.ts";
import { ItemIndex } from "./item-index.ts";

/** An item larger than this is not a Kubernetes object (etcd stores at most ~1.5 MiB). */
export const maxItemBytes = 32 * 1024 * 1024;

export interface ExtractedBackup {
  index: ItemIndex;
  /** metadata/version, e.g. "1.1.0"; "" when the tarball has none (pre-1.0 Velero). */
  formatVersion: string;
}

async function readAll(entry: AsyncIterable<unknown>, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of entry) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new RestoreError("BadTarball", `${what} is larger than ${limit} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function checkFormat(version: string): void {
  const major = version.split(".")[0];
  if (major !== "1")
    throw new RestoreError(
      "UnsupportedFormat",
      `backup format version "${version}" is not supported; this Lifeboat reads format 1.x`,
    );
}

async function drain(entry: AsyncIterable<unknown>): Promise<void> {
  const iterator = entry[Symbol.asyncIterator]();
  while (!(await iterator.next()).done);
}

/**
 * Extracts `tarball` into `dir` (created if missing) and returns the index of its items.
 * Throws RestoreError: BadTarball (not gzip/tar, truncated, unsafe paths, oversized items),
 * UnsupportedFormat, Aborted.
 */
export async function extractTarball(
  tarball: NodeJS.ReadableStream | Readable,
  dir: string,
  signal?: AbortSignal,
): Promise<ExtractedBackup> {
  const index = new ItemIndex(dir);
  const made = new Set<string>();
  let formatVersion = "";
  const extract = tar.extract();
  let feedError: unknown;
  const feed = pipeline(tarball, createGunzip(), extract, signal ? { signal } : {}).catch((err: unknown) => {
    feedError = err;
  });
  try {
    for await (const entry of extract) {
      throwIfAborted(signal);
      const name = entry.header.name.replace(/^\.\//, "");
      if (entry.header.type !== "file") {
        await drain(entry);
        continue;
      }
      if (name === versionPath) {
        formatVersion = (await readAll(entry, 1024, versionPath)).toString("utf8").trim();
        checkFormat(formatVersion);
        continue;
      }
      const location = parseItemPath(name);
      const ref = location && {
        groupResource: location.groupResource,
        namespace: location.namespace ?? "",
        name: location.name,
      };
      if (!ref || index.has(ref)) {
        await drain(entry);
        continue;
      }
      const file = index.fileOf(ref);
      const content = await readAll(entry, maxItemBytes, name);
      const parent = path.dirname(file);
      if (!made.has(parent)) {
        await mkdir(parent, { recursive: true });
        made.add(parent);
      }
      await writeFile(file, content);
      index.add(ref);
    }
    await feed;
  } catch (err) {
    extract.destroy();
    await feed;
    throw wrap(err, signal);
  }
  if (feedError) throw wrap(feedError, signal);
  return { index, formatVersion };
}

function wrap(err: unknown, signal: AbortSignal | undefined): RestoreError {
  if (RestoreError.is(err)) return err;
  if (signal?.aborted) return new RestoreError("Aborted", "restore cancelled", { cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new RestoreError("BadTarball", `backup tarball cannot be read: ${message}`, { cause: err });
}
