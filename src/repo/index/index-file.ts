/**
 * Index files: which blobs each pack holds, as restic writes them with Go's json.Encoder
 * (fields id, type, offset, length, uncompressed_length for compressed blobs; a trailing
 * newline). `supersedes` is read but no longer written, as in current restic.
 */
import { RepoError } from "../errors.ts";
import type { PackEntry } from "../pack/header.ts";

export interface IndexPack {
  id: string;
  blobs: PackEntry[];
}

export function encodeIndex(packs: readonly IndexPack[]): Buffer {
  const packJson = packs.map((pack) => {
    const blobs = pack.blobs.map(
      (b) =>
        `{"id":"${b.id}","type":"${b.type}","offset":${b.offset},"length":${b.length}` +
        (b.uncompressedLength ? `,"uncompressed_length":${b.uncompressedLength}` : "") +
        "}",
    );
    return `{"id":"${pack.id}","blobs":[${blobs.join(",")}]}`;
  });
  return Buffer.from(`{"packs":[${packJson.join(",")}]}\n`);
}

interface IndexJson {
  supersedes?: string[] | null;
  packs?:
    | {
        id: string;
        blobs: { id: string; type: string; offset: number; length: number; uncompressed_length?: number }[];
      }[]
    | null;
}

export function decodeIndex(json: Uint8Array, indexId = "?"): { packs: IndexPack[]; supersedes: string[] } {
  let parsed: IndexJson;
  try {
    parsed = JSON.parse(Buffer.from(json).toString("utf8")) as IndexJson;
  } catch (err) {
    throw new RepoError("InvalidFormat", `index ${indexId} is not valid JSON`, { cause: err });
  }
  // restic v0.1–v0.7 wrote "old format" indexes: a bare array of packs
  const packsJson = Array.isArray(parsed) ? (parsed as IndexJson["packs"]) : parsed.packs;
  const packs = (packsJson ?? []).map((p) => ({
    id: p.id,
    blobs: (p.blobs ?? []).map((b) => {
      if (b.type !== "data" && b.type !== "tree") {
        throw new RepoError("InvalidFormat", `index ${indexId}: blob ${b.id} has type "${b.type}"`);
      }
      return {
        id: b.id,
        type: b.type,
        offset: b.offset,
        length: b.length,
        ...(b.uncompressed_length ? { uncompressedLength: b.uncompressed_length } : {}),
      } satisfies PackEntry;
    }),
  }));
  return { packs, supersedes: Array.isArray(parsed) ? [] : (parsed.supersedes ?? []) };
}
