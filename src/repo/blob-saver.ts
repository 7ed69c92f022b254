/**
 * Saves blobs into packs during a backup. One pack is open per blob type (data and tree packs
 * are kept apart, as repository version 2 requires); a pack that reaches the target size is
 * finished and uploaded while new blobs go to a fresh one. Uploads run in parallel up to a
 * limit, and `save` waits when that many are in flight (backpressure, bounded memory). A blob
 * joins the index only after its pack is stored; blobs already in the index or in a pending
 * pack are not stored twice. `flush` finishes the open packs and writes the index files.
 */
import { encodeBlob, blobId, type EncodedBlob } from "./blob-codec.ts";
import type { CompressionMode } from "./compression.ts";
import { encodeIndex, type IndexPack } from "./index/index-file.ts";
import type { BlobType } from "./pack/header.ts";
import { PackWriter } from "./pack/pack-writer.ts";
import type { Repository } from "./repository.ts";

export interface BlobSaverOptions {
  compression: CompressionMode;
  packSizeBytes: number;
  uploadConcurrency: number;
  /** An index file is written once this many blobs are waiting for one (restic: 50,000). */
  indexMaxBlobs: number;
}

export const blobSaverDefaults: BlobSaverOptions = {
  compression: "auto",
  packSizeBytes: 16 * 1024 * 1024,
  uploadConcurrency: 4,
  indexMaxBlobs: 50_000,
};

export interface SaveStats {
  blobsNew: number;
  blobsNewByType: Record<BlobType, number>;
  blobsKnown: number;
  bytesAdded: number;
  bytesAddedPacked: number;
  packsWritten: number;
}

export class BlobSaver {
  private readonly repo: Repository;
  private readonly options: BlobSaverOptions;
  private readonly writers: Record<BlobType, PackWriter> = { data: new PackWriter(), tree: new PackWriter() };
  private readonly pending = new Set<string>();
  private readonly uploads = new Set<Promise<void>>();
  private unindexed: IndexPack[] = [];
  private unindexedBlobs = 0;
  private failure: Error | undefined;
  readonly stats: SaveStats = {
    blobsNew: 0,
    blobsNewByType: { data: 0, tree: 0 },
    blobsKnown: 0,
    bytesAdded: 0,
    bytesAddedPacked: 0,
    packsWritten: 0,
  };
  readonly indexIds: string[] = [];

  constructor(repo: Repository, options: Partial<BlobSaverOptions> = {}) {
    this.repo = repo;
    this.options = { ...blobSaverDefaults, ...options };
  }

  /** Stores `plaintext` unless the repository already has it; returns its id. */
  async save(type: BlobType, plaintext: Uint8Array, knownId?: string): Promise<string> {
    const id = knownId ?? blobId(plaintext);
    if (this.known(type, id)) return id;
    const encoded = encodeBlob(this.repo.key, type, plaintext, {
      repoVersion: this.repo.version,
      compression: this.options.compression,
      id,
    });
    return this.saveEncoded(encoded, plaintext.length);
  }

  /** True (and counted) when the blob is in the index or already on its way into a pack. */
  private known(type: BlobType, id: string): boolean {
    if (this.failure) throw this.failure;
    if (!this.repo.index.has(type, id) && !this.pending.has(`${type}:${id}`)) return false;
    this.stats.blobsKnown++;
    return true;
  }

  /** Stores a blob encoded elsewhere (a worker thread) unless the repository already has it. */
  async saveEncoded(encoded: EncodedBlob, plaintextLength: number): Promise<string> {
    const { type, id } = encoded;
    if (this.known(type, id)) return id;
    this.pending.add(`${type}:${id}`);
    this.stats.blobsNew++;
    this.stats.blobsNewByType[type]++;
    this.stats.bytesAdded += plaintextLength;
    this.stats.bytesAddedPacked += encoded.sealed.length;
    const writer = this.writers[type];
    writer.add(encoded);
    if (writer.size >= this.options.packSizeBytes || writer.headerFull) await this.finishPack(type);
    return id;
  }

  private async finishPack(type: BlobType): Promise<void> {
    const writer = this.writers[type];
    if (writer.count === 0) return;
    this.writers[type] = new PackWriter();
    const pack = writer.finish(this.repo.key);
    while (this.uploads.size >= this.options.uploadConcurrency) await Promise.race(this.uploads);
    const upload = this.repo.backend.save("pack", pack.bytes, pack.id).then(
      async () => {
        this.stats.packsWritten++;
        const indexPack = { id: pack.id, blobs: pack.entries };
        this.repo.index.addPack(indexPack);
        for (const entry of pack.entries) this.pending.delete(`${entry.type}:${entry.id}`);
        this.unindexed.push(indexPack);
        this.unindexedBlobs += pack.entries.length;
        if (this.unindexedBlobs >= this.options.indexMaxBlobs) await this.writeIndex();
      },
      (err: unknown) => {
        this.failure ??= err instanceof Error ? err : new Error(String(err));
      },
    );
    const tracked: Promise<void> = upload.finally(() => this.uploads.delete(tracked));
    this.uploads.add(tracked);
  }

  private async writeIndex(): Promise<void> {
    if (this.unindexed.length === 0) return;
    const packs = this.unindexed;
    this.unindexed = [];
    this.unindexedBlobs = 0;
    this.indexIds.push(await this.repo.saveUnpacked("index", encodeIndex(packs)));
  }

  /** Finishes open packs, waits for every upload, and writes the remaining index. */
  async flush(): Promise<void> {
    await this.finishPack("data");
    await this.finishPack("tree");
    await Promise.all(this.uploads);
    if (this.failure) throw this.failure;
    await this.writeIndex();
  }
}
