/**
 * Worker thread that turns files into stored blobs: it reads a file, cuts it with the
 * repository's chunker, and hashes, compresses, seals and verifies every chunk (the CPU-heavy
 * part of a backup), sending each encoded blob back to the main thread, which deduplicates and
 * packs them. At most `window` blobs are unacknowledged at a time, so a fast worker cannot fill
 * memory ahead of the uploads.
 */
import { open } from "node:fs/promises";
import { parentPort, workerData } from "node:worker_threads";
import { blobId, encodeBlob } from "../blob-codec.ts";
import { Chunker } from "../chunker/chunker.ts";
import type { CompressionMode } from "../compression.ts";
import type { MasterKey } from "../crypto/master-key.ts";

export interface WorkerSetup {
  key: { encrypt: Uint8Array; macK: Uint8Array; macR: Uint8Array };
  polynomial: string;
  repoVersion: number;
  compression: CompressionMode;
  window: number;
}

export interface FileJob {
  job: number;
  path: Uint8Array;
}

export type WorkerReply =
  | { job: number; kind: "blob"; id: string; sealed: Uint8Array; uncompressedLength?: number; length: number }
  | { job: number; kind: "done"; bytes: number }
  | { job: number; kind: "error"; message: string; code?: string };

const setup = workerData as WorkerSetup;
const key: MasterKey = {
  encrypt: Buffer.from(setup.key.encrypt),
  macK: Buffer.from(setup.key.macK),
  macR: Buffer.from(setup.key.macR),
};
const chunker = new Chunker(BigInt(`0x${setup.polynomial}`));
const port = parentPort;
let credits = setup.window;
const waiting: (() => void)[] = [];

/** Several files may be encoded at once; each waits here until the main thread has room. */
async function credit(): Promise<void> {
  while (credits <= 0) await new Promise<void>((resolve) => waiting.push(resolve));
  credits--;
}

async function* pieces(path: Uint8Array): AsyncGenerator<Buffer> {
  const handle = await open(Buffer.from(path), "r");
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

async function encodeFile(job: FileJob): Promise<void> {
  let bytes = 0;
  try {
    for await (const chunk of chunker.chunks(pieces(job.path))) {
      const id = blobId(chunk.data);
      const encoded = encodeBlob(key, "data", chunk.data, {
        repoVersion: setup.repoVersion,
        compression: setup.compression,
        id,
      });
      await credit();
      const sealed = new Uint8Array(encoded.sealed.buffer, encoded.sealed.byteOffset, encoded.sealed.byteLength);
      const reply: WorkerReply = {
        job: job.job,
        kind: "blob",
        id,
        sealed,
        length: chunk.length,
        ...(encoded.uncompressedLength === undefined ? {} : { uncompressedLength: encoded.uncompressedLength }),
      };
      // transfer only when the sealed bytes own their whole buffer (not a slice of a pool)
      const transfer =
        sealed.byteOffset === 0 && sealed.byteLength === sealed.buffer.byteLength ? [sealed.buffer as ArrayBuffer] : [];
      port?.postMessage(reply, transfer);
      bytes += chunk.length;
    }
    port?.postMessage({ job: job.job, kind: "done", bytes } satisfies WorkerReply);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    port?.postMessage({
      job: job.job,
      kind: "error",
      message: e.message,
      ...(e.code ? { code: e.code } : {}),
    } satisfies WorkerReply);
  }
}

port?.on("message", (message: FileJob | { ack: number }) => {
  if ("ack" in message) {
    credits += message.ack;
    for (const wake of waiting.splice(0)) wake();
    return;
  }
  void encodeFile(message);
});
