/**
 * Pack file headers (restic design: "Pack format"). A pack is the sealed blobs back to back,
 * then the sealed header, then the sealed header's length as a little-endian uint32. Header
 * entries: type(1) ‖ sealed length(u32 LE) ‖ [uncompressed length(u32 LE), types 2 and 3] ‖ id(32).
 */
import { RepoError } from "../errors.ts";

export type BlobType = "data" | "tree";

export interface PackEntry {
  type: BlobType;
  id: string;
  /** Offset of the sealed blob in the pack. */
  offset: number;
  /** Length of the sealed blob (ciphertext + 32). */
  length: number;
  /** For compressed blobs: the plaintext length. */
  uncompressedLength?: number;
}

const plainEntrySize = 37;
const compressedEntrySize = 41;
export const maxHeaderSize = 16 * 1024 * 1024 + 4;

export function encodeHeader(entries: readonly PackEntry[]): Buffer {
  const size = entries.reduce(
    (n, e) => n + (e.uncompressedLength === undefined ? plainEntrySize : compressedEntrySize),
    0,
  );
  const out = Buffer.alloc(size);
  let at = 0;
  for (const entry of entries) {
    const compressed = entry.uncompressedLength !== undefined;
    out[at] = (entry.type === "data" ? 0 : 1) + (compressed ? 2 : 0);
    out.writeUInt32LE(entry.length, at + 1);
    at += 5;
    if (compressed) {
      out.writeUInt32LE(entry.uncompressedLength ?? 0, at);
      at += 4;
    }
    Buffer.from(entry.id, "hex").copy(out, at);
    at += 32;
  }
  return out;
}

/** Decodes a plaintext header; offsets follow from the lengths, starting at 0. */
export function decodeHeader(header: Uint8Array, packId = "?"): PackEntry[] {
  const buf = Buffer.from(header.buffer, header.byteOffset, header.byteLength);
  const entries: PackEntry[] = [];
  let at = 0;
  let offset = 0;
  while (at < buf.length) {
    const typeByte = buf[at] ?? 255;
    if (typeByte > 3) throw new RepoError("InvalidFormat", `pack ${packId}: invalid blob type ${typeByte} in header`);
    const compressed = typeByte >= 2;
    const entrySize = compressed ? compressedEntrySize : plainEntrySize;
    if (at + entrySize > buf.length) throw new RepoError("InvalidFormat", `pack ${packId}: truncated header`);
    const length = buf.readUInt32LE(at + 1);
    const uncompressedLength = compressed ? buf.readUInt32LE(at + 5) : undefined;
    const id = buf.subarray(at + entrySize - 32, at + entrySize).toString("hex");
    entries.push({
      type: typeByte % 2 === 0 ? "data" : "tree",
      id,
      offset,
      length,
      ...(uncompressedLength === undefined ? {} : { uncompressedLength }),
    });
    offset += length;
    at += entrySize;
  }
  return entries;
}

/** Where the sealed header is, given the pack's size and its last 4 bytes. */
export function headerLocation(
  packSize: number,
  lengthField: number,
  packId = "?",
): { offset: number; length: number } {
  if (lengthField < 32 || lengthField > maxHeaderSize || lengthField > packSize - 4) {
    throw new RepoError(
      "InvalidFormat",
      `pack ${packId}: header length ${lengthField} is invalid for a ${packSize}-byte pack`,
    );
  }
  return { offset: packSize - 4 - lengthField, length: lengthField };
}
