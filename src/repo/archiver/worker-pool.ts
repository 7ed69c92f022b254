/**
 * A pool of file workers (file-worker.ts), one per core by default. `encodeFile` hands a file to
 * the least busy worker and yields its encoded blobs in order as they arrive.
 */
import os from "node:os";
import { Worker } from "node:worker_threads";
import type { CompressionMode } from "../compression.ts";
import type { Repository } from "../repository.ts";
import type { EncodedBlob } from "../blob-codec.ts";
import { formatPolynomial } from "../chunker/polynomial.ts";
import type { FileJob, WorkerReply, WorkerSetup } from "./file-worker.ts";

interface JobState {
  queue: WorkerReply[];
  wake?: () => void;
}

interface PoolWorker {
  worker: Worker;
  busy: number;
}

export interface EncodedChunk {
  blob: EncodedBlob;
  length: number;
}

export class FileWorkerPool {
  private readonly workers: PoolWorker[];
  private readonly jobs = new Map<number, JobState>();
  private nextJob = 0;

  constructor(repo: Repository, options: { compression: CompressionMode; size?: number; window?: number }) {
    const setup: WorkerSetup = {
      key: { encrypt: repo.key.encrypt, macK: repo.key.macK, macR: repo.key.macR },
      polynomial: formatPolynomial(repo.config.chunkerPolynomial),
      repoVersion: repo.version,
      compression: options.compression,
      window: options.window ?? 4,
    };
    const size = options.size ?? Math.max(1, os.availableParallelism());
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(new URL("./file-worker.ts", import.meta.url), { workerData: setup });
      worker.on("message", (reply: WorkerReply) => this.deliver(reply));
      return { worker, busy: 0 };
    });
  }

  private deliver(reply: WorkerReply): void {
    const state = this.jobs.get(reply.job);
    if (!state) return;
    state.queue.push(reply);
    state.wake?.();
  }

  async *encodeFile(path: Buffer): AsyncGenerator<EncodedChunk> {
    const target = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const job = this.nextJob++;
    const state: JobState = { queue: [] };
    this.jobs.set(job, state);
    target.busy++;
    target.worker.postMessage({ job, path: new Uint8Array(path) } satisfies FileJob);
    try {
      for (;;) {
        const reply = state.queue.shift();
        if (!reply) {
          await new Promise<void>((resolve) => (state.wake = resolve));
          state.wake = undefined;
          continue;
        }
        if (reply.kind === "done") return;
        if (reply.kind === "error")
          throw Object.assign(new Error(reply.message), reply.code ? { code: reply.code } : {});
        target.worker.postMessage({ ack: 1 });
        const sealed = Buffer.from(reply.sealed.buffer, reply.sealed.byteOffset, reply.sealed.byteLength);
        yield {
          blob: {
            type: "data",
            id: reply.id,
            sealed,
            ...(reply.uncompressedLength === undefined ? {} : { uncompressedLength: reply.uncompressedLength }),
          },
          length: reply.length,
        };
      }
    } finally {
      target.busy--;
      this.jobs.delete(job);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}
