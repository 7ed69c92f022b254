/**
 * Turning a blob's plaintext into what is stored in a pack, and back. A blob's id is the SHA-256
 * of its plaintext. In repository version 2, tree blobs are always zstd-compressed and data blobs
 * unless compression is off (an empty blob never is). As restic does, every sealed blob is
 * opened, decompressed and re-hashed before it is stored, so a fault in memory or in the codec is
 * caught before it reaches the repository.
 */
import { createHash } from "node:crypto";
import { compress, decompress, type CompressionMode } from "./compression.ts";
import { open, seal } from "./crypto/seal.ts";
import type { MasterKey } from "./crypto/master-key.ts";
import { RepoError } from "./errors.ts";
import type { BlobType } from "./pack/header.ts";

export interface EncodedBlob {
  type: BlobType;
  id: string;
  sealed: Buffer;
  /** Set when the stored form is compressed: the plaintext length. */
  uncompressedLength?: number;
}

export function blobId(plaintext: Uint8Array): string {
  return createHash("sha256").update(plaintext).digest("hex");
}

export function encodeBlob(
  key: MasterKey,
  type: BlobType,
  plaintext: Uint8Array,
  options: { repoVersion: number; compression: CompressionMode; id?: string },
): EncodedBlob {
  const id = options.id ?? blobId(plaintext);
  const shouldCompress =
    options.repoVersion >= 2 && plaintext.length > 0 && (type === "tree" || options.compression !== "off");
  const stored = shouldCompress ? compress(plaintext, options.compression === "max" ? "max" : "auto") : plaintext;
  const sealed = seal(key, stored);
  const encoded: EncodedBlob = {
    type,
    id,
    sealed,
    ...(shouldCompress ? { uncompressedLength: plaintext.length } : {}),
  };
  const check = decodeBlob(key, encoded.sealed, id, encoded.uncompressedLength);
  if (check.length !== plaintext.length)
    throw new RepoError("InvalidFormat", `blob ${id} failed verification after sealing`);
  return encoded;
}

/** Opens a stored blob and checks that its plaintext hashes to `id`. */
export function decodeBlob(key: MasterKey, sealed: Uint8Array, id: string, uncompressedLength?: number): Buffer {
  const stored = open(key, sealed);
  const plaintext = uncompressedLength === undefined ? stored : decompress(stored, uncompressedLength);
  if (blobId(plaintext) !== id) {
    throw new RepoError("InvalidFormat", `blob ${id} does not match its id (its content is damaged)`);
  }
  return plaintext;
}
