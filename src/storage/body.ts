/** Helpers for object bodies: collecting a stream (with a length check) and making streams. */
import { Readable } from "node:stream";
import { StorageError } from "./errors.ts";
import type { PutBody } from "./object-store.ts";

/** Reads a whole body into memory; fails with ChecksumMismatch if it has not `length` bytes. */
export async function collectBody(key: string, body: PutBody, length?: number): Promise<Buffer> {
  let bytes: Buffer;
  if (body instanceof Uint8Array) {
    bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
    bytes = Buffer.concat(chunks);
  }
  checkLength(key, bytes.length, length);
  return bytes;
}

export function checkLength(key: string, actual: number, declared: number | undefined): void {
  if (declared !== undefined && actual !== declared) {
    throw new StorageError("ChecksumMismatch", `body of "${key}" had ${actual} bytes, ${declared} were declared`, {
      key,
    });
  }
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function streamOf(bytes: Uint8Array): Readable {
  return Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)], {
    objectMode: false,
  });
}

/** The slice [offset, offset+length) of `size` bytes, clipped to the end. */
export function clipRange(size: number, range?: { offset: number; length?: number }): { start: number; end: number } {
  if (!range) return { start: 0, end: size };
  if (!Number.isInteger(range.offset) || range.offset < 0) {
    throw new StorageError("InvalidArgument", `range offset: ${range.offset} is not a non-negative integer`);
  }
  if (range.length !== undefined && (!Number.isInteger(range.length) || range.length < 0)) {
    throw new StorageError("InvalidArgument", `range length: ${range.length} is not a non-negative integer`);
  }
  const start = Math.min(range.offset, size);
  const end = range.length === undefined ? size : Math.min(size, range.offset + range.length);
  return { start, end: Math.max(start, end) };
}
