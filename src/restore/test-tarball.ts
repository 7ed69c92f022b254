/**
 * Test support: builds a backup tarball in Velero's layout (both copies of each item, the
 * metadata/version file) from plain objects, for tests of the restore engine that need a
 * backup without running one.
 */
import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import tar from "tar-stream";
import { itemPaths, versionFileContent, versionPath } from "../backup/tarball-layout.ts";

export interface TarItem {
  groupResource: string;
  /** Absent for cluster-scoped items. */
  namespace?: string;
  obj: Record<string, unknown>;
}

export interface TarOptions {
  /** metadata/version content; default "1.1.0\n"; null leaves the file out */
  version?: string | null;
  /** extra raw entries, written as given */
  raw?: { name: string; content: string }[];
}

function versionOf(obj: Record<string, unknown>): string {
  const apiVersion = typeof obj.apiVersion === "string" ? obj.apiVersion : "v1";
  return apiVersion.slice(apiVersion.lastIndexOf("/") + 1);
}

/** The gzip'd tarball as one buffer. */
export async function buildTarball(items: TarItem[], options: TarOptions = {}): Promise<Buffer> {
  const pack = tar.pack();
  if (options.version !== null) pack.entry({ name: versionPath }, options.version ?? versionFileContent);
  for (const item of items) {
    const meta = (item.obj.metadata ?? {}) as { name?: string };
    const body = JSON.stringify(item.obj);
    for (const name of itemPaths(item.groupResource, versionOf(item.obj), item.namespace, meta.name ?? "")) {
      pack.entry({ name }, body);
    }
  }
  for (const raw of options.raw ?? []) pack.entry({ name: raw.name }, raw.content);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack.pipe(createGzip())) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The same as a stream, as the bucket hands it over. */
export async function tarballStream(items: TarItem[], options: TarOptions = {}): Promise<Readable> {
  return Readable.from([await buildTarball(items, options)]);
}
