/**
 * restic's content-defined chunker (github.com/restic/chunker) as a streaming async generator:
 * the same input and polynomial give byte-for-byte the same chunks, and the same cut digests, as
 * restic, so blobs deduplicate against restic-written repositories. The boundary search itself
 * is the synchronous core in boundary.ts; this module feeds it and assembles the chunk bytes.
 *
 * Memory: the chunk being assembled (a scratch buffer of maxSize bytes, allocated once per
 * stream and only when a chunk spans input pieces) plus the current input piece. Each emitted
 * chunk is its own exact-size Buffer, owned by the consumer; input pieces are never retained, so
 * a source may reuse its buffers. Any slicing of the input (down to 1-byte pieces) gives the same
 * chunks.
 *
 * Throughput (32 MiB from randomBytes, Node 24.21, one thread of a shared 2-vCPU Intel Xeon VM;
 * medians of 9 warm runs, spread over three processes): chunks() alone 330–490 MiB/s with the
 * input in one piece and 320–450 MiB/s in 64 KiB pieces; chunks() plus SHA-256 of every chunk
 * 280–360 MiB/s; the bare findBoundary loop 420–560 MiB/s. The cold first pass is 25–40% slower.
 */
import { boundaryConfig, cutDigest, currentDigest, findBoundary, newBoundaryState } from "./boundary.ts";
import type { BoundaryConfig, BoundaryOptions } from "./boundary.ts";

export interface Chunk {
  /** Position of the chunk's first byte in the stream. */
  offset: number;
  length: number;
  /** The fingerprint at the cut; for a last chunk ended by EOF, the digest when the input ran out. */
  cut: bigint;
  data: Buffer;
}

export type ChunkerOptions = BoundaryOptions;

export class Chunker {
  readonly config: BoundaryConfig;

  /** pol: the repository's chunker polynomial. RepoError "InvalidArgument" for bad options. */
  constructor(pol: bigint, options: ChunkerOptions = {}) {
    this.config = boundaryConfig(pol, options);
  }

  /** Splits the byte stream into chunks; the last one may be shorter than minSize. */
  async *chunks(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<Chunk> {
    const config = this.config;
    const state = newBoundaryState(config);
    let scratch: Buffer | undefined;
    let filled = 0;
    let offset = 0;
    for await (const piece of source) {
      let pos = 0;
      while (pos < piece.length) {
        const end = findBoundary(state, config, piece, pos, piece.length);
        if (end < 0) {
          scratch ??= Buffer.allocUnsafeSlow(config.maxSize);
          scratch.set(piece.subarray(pos), filled);
          filled += piece.length - pos;
          break;
        }
        const data = Buffer.allocUnsafeSlow(filled + end - pos);
        if (filled > 0) scratch!.copy(data, 0, 0, filled);
        data.set(piece.subarray(pos, end), filled);
        const chunk: Chunk = { offset, length: data.length, cut: cutDigest(state), data };
        offset += data.length;
        filled = 0;
        pos = end;
        yield chunk;
      }
    }
    if (filled > 0) {
      const data = Buffer.allocUnsafeSlow(filled);
      scratch!.copy(data, 0, 0, filled);
      yield { offset, length: filled, cut: currentDigest(state), data };
    }
  }
}
