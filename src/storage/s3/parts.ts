/** Cuts a stream into buffers of exactly `partSize` bytes (the last one may be shorter). */
import type { Readable } from "node:stream";

export async function* readParts(stream: Readable, partSize: number): AsyncGenerator<Buffer> {
  let chunks: Buffer[] = [];
  let size = 0;
  for await (const raw of stream) {
    let chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as Uint8Array);
    while (size + chunk.length >= partSize) {
      const take = partSize - size;
      chunks.push(chunk.subarray(0, take));
      yield Buffer.concat(chunks);
      chunk = chunk.subarray(take);
      chunks = [];
      size = 0;
    }
    if (chunk.length > 0) {
      chunks.push(chunk);
      size += chunk.length;
    }
  }
  if (size > 0) yield Buffer.concat(chunks);
}
