/**
 * Assembles one pack in memory: sealed blobs appended in order, then on finish the sealed header
 * and its length. The pack's id is the SHA-256 of its bytes. Before it is returned, the finished
 * header is decoded again and checked against the entries, as restic does.
 */
import { createHash } from "node:crypto";
import { open, seal } from "../crypto/seal.ts";
import type { MasterKey } from "../crypto/master-key.ts";
import { RepoError } from "../errors.ts";
import type { EncodedBlob } from "../blob-codec.ts";
import { decodeHeader, encodeHeader, maxHeaderSize, type PackEntry } from "./header.ts";

export interface FinishedPack {
  id: string;
  bytes: Buffer;
  entries: PackEntry[];
}

export class PackWriter {
  private readonly parts: Buffer[] = [];
  private readonly entries: PackEntry[] = [];
  private bytes = 0;
  private headerBytes = 0;

  add(blob: EncodedBlob): void {
    this.entries.push({
      type: blob.type,
      id: blob.id,
      offset: this.bytes,
      length: blob.sealed.length,
      ...(blob.uncompressedLength === undefined ? {} : { uncompressedLength: blob.uncompressedLength }),
    });
    this.parts.push(blob.sealed);
    this.bytes += blob.sealed.length;
    this.headerBytes += blob.uncompressedLength === undefined ? 37 : 41;
  }

  get size(): number {
    return this.bytes;
  }

  get count(): number {
    return this.entries.length;
  }

  /** A header close to restic's limit ends the pack even if it is small. */
  get headerFull(): boolean {
    return this.headerBytes + 41 + 32 > maxHeaderSize - 4;
  }

  finish(key: MasterKey): FinishedPack {
    const header = seal(key, encodeHeader(this.entries));
    const checked = decodeHeader(open(key, header));
    if (checked.length !== this.entries.length || checked.some((e, i) => e.id !== this.entries[i]?.id)) {
      throw new RepoError("InvalidFormat", "a finished pack header did not decode to its entries");
    }
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    const bytes = Buffer.concat([...this.parts, header, length]);
    return { id: createHash("sha256").update(bytes).digest("hex"), bytes, entries: [...this.entries] };
  }
}
