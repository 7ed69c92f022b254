/**
 * Reads a pack's header from its tail: one ranged read of the last bytes usually holds both the
 * length field and the whole header (restic reads 15 entries' worth eagerly); otherwise a second
 * read fetches the rest.
 */
import type { RepoBackend } from "../backend.ts";
import { open } from "../crypto/seal.ts";
import type { MasterKey } from "../crypto/master-key.ts";
import { RepoError } from "../errors.ts";
import { decodeHeader, headerLocation, type PackEntry } from "./header.ts";

const eagerTail = 15 * 41 + 32 + 4;

export async function readPackHeader(
  backend: RepoBackend,
  key: MasterKey,
  packId: string,
  packSize?: number,
): Promise<PackEntry[]> {
  const size = packSize ?? (await backend.size("pack", packId));
  if (size < 37 + 32 + 4)
    throw new RepoError("InvalidFormat", `pack ${packId} is too short (${size} bytes) to be a pack`);
  const tailLength = Math.min(size, eagerTail);
  const tail = await backend.load("pack", packId, { offset: size - tailLength, length: tailLength });
  const where = headerLocation(size, tail.readUInt32LE(tail.length - 4), packId);
  const sealedHeader =
    where.length + 4 <= tail.length
      ? tail.subarray(tail.length - 4 - where.length, tail.length - 4)
      : await backend.load("pack", packId, where);
  const entries = decodeHeader(open(key, sealedHeader), packId);
  const end = entries.reduce((n, e) => Math.max(n, e.offset + e.length), 0);
  if (end > where.offset) throw new RepoError("InvalidFormat", `pack ${packId}: header points past the blobs`);
  return entries;
}
