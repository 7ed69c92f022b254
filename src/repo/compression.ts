/**
 * zstd for repository version 2, with node:zlib's built-in zstd (Node ≥ 22.15). restic reads any
 * standard zstd frame. The window is left to zstd: forcing a large one makes every small blob
 * allocate megabytes of context, and a backup of many small files then spends its time in GC.
 * Levels: `auto` ≈ restic's SpeedDefault (zstd level 3), `max` ≈ its SpeedBestCompression.
 */
import { constants, zstdCompressSync, zstdDecompressSync } from "node:zlib";
import { RepoError } from "./errors.ts";

export const compressionModes = ["off", "auto", "max"] as const;
export type CompressionMode = (typeof compressionModes)[number];

const levels: Record<Exclude<CompressionMode, "off">, number> = { auto: 3, max: 19 };

export function compress(data: Uint8Array, mode: Exclude<CompressionMode, "off">): Buffer {
  return zstdCompressSync(data, {
    params: {
      [constants.ZSTD_c_compressionLevel]: levels[mode],
      [constants.ZSTD_c_checksumFlag]: 0,
      [constants.ZSTD_c_contentSizeFlag]: 1,
    },
  });
}

export function decompress(data: Uint8Array, expectedLength?: number): Buffer {
  let out: Buffer;
  try {
    out = zstdDecompressSync(data);
  } catch (err) {
    throw new RepoError("InvalidFormat", `zstd data is corrupt: ${(err as Error).message}`, { cause: err });
  }
  if (expectedLength !== undefined && out.length !== expectedLength) {
    throw new RepoError("InvalidFormat", `decompressed ${out.length} bytes, expected ${expectedLength}`);
  }
  return out;
}

export function parseCompressionMode(value: string): CompressionMode {
  if ((compressionModes as readonly string[]).includes(value)) return value as CompressionMode;
  throw new RepoError("InvalidArgument", `--compression: "${value}" is not one of off, auto, max`);
}
