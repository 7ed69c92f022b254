/**
 * "Unpacked" repository files — index, snapshot and lock files: JSON, in repository version 2
 * prefixed with an encoding byte 0x02 and zstd-compressed; in version 1 (and for version-2 files
 * whose plaintext starts with "{" or "["), the JSON itself. Always sealed with the master key.
 */
import { compress, decompress } from "./compression.ts";
import { RepoError } from "./errors.ts";

const encodingZstd = 0x02;

export function packUnpacked(json: Uint8Array, repoVersion: number): Buffer {
  if (repoVersion < 2) return Buffer.from(json);
  return Buffer.concat([Buffer.of(encodingZstd), compress(json, "auto")]);
}

export function unpackUnpacked(plaintext: Uint8Array): Buffer {
  const first = plaintext[0];
  if (first === 0x7b || first === 0x5b) return Buffer.from(plaintext);
  if (first === encodingZstd) return decompress(plaintext.subarray(1));
  throw new RepoError("InvalidFormat", `unsupported encoding version ${first ?? "(empty file)"}`);
}
