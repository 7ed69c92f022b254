/**
 * The in-memory index of every blob in the repository: blob id → where it is (pack, offset,
 * sealed length, uncompressed length). Built from all index files, and extended as packs are
 * uploaded during a backup. Packs are interned to small numbers so an entry costs a few fields.
 */
import type { BlobType, PackEntry } from "../pack/header.ts";
import type { IndexPack } from "./index-file.ts";

export interface BlobLocation {
  packId: string;
  type: BlobType;
  offset: number;
  length: number;
  uncompressedLength?: number;
}

interface CompactEntry {
  pack: number;
  offset: number;
  length: number;
  uncompressedLength: number;
  tree: boolean;
}

export class MasterIndex {
  private readonly packIds: string[] = [];
  private readonly packNumbers = new Map<string, number>();
  private readonly blobs = new Map<string, CompactEntry>();

  addPack(pack: IndexPack): void {
    let number = this.packNumbers.get(pack.id);
    if (number === undefined) {
      number = this.packIds.length;
      this.packIds.push(pack.id);
      this.packNumbers.set(pack.id, number);
    }
    for (const blob of pack.blobs) this.addBlob(number, blob);
  }

  private addBlob(pack: number, blob: PackEntry): void {
    const key = blob.type === "tree" ? `t${blob.id}` : blob.id;
    if (this.blobs.has(key)) return;
    this.blobs.set(key, {
      pack,
      offset: blob.offset,
      length: blob.length,
      uncompressedLength: blob.uncompressedLength ?? 0,
      tree: blob.type === "tree",
    });
  }

  has(type: BlobType, id: string): boolean {
    return this.blobs.has(type === "tree" ? `t${id}` : id);
  }

  lookup(type: BlobType, id: string): BlobLocation | undefined {
    const entry = this.blobs.get(type === "tree" ? `t${id}` : id);
    if (!entry) return undefined;
    return {
      packId: this.packIds[entry.pack] ?? "",
      type,
      offset: entry.offset,
      length: entry.length,
      ...(entry.uncompressedLength ? { uncompressedLength: entry.uncompressedLength } : {}),
    };
  }

  get blobCount(): number {
    return this.blobs.size;
  }

  packs(): readonly string[] {
    return this.packIds;
  }

  /** Every blob, grouped by pack (for check and prune). */
  *entries(): Generator<{ id: string; location: BlobLocation }> {
    for (const [key, entry] of this.blobs) {
      const id = entry.tree ? key.slice(1) : key;
      const location = this.lookup(entry.tree ? "tree" : "data", id);
      if (location) yield { id, location };
    }
  }
}
