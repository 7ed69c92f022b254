/**
 * Writes a gzipped tarball as a stream: tar-stream's pack → a coalescer → gzip → the file. Entries
 * are added one at a time (`add` resolves once the entry is in the pack stream), so memory stays
 * bounded by the streams' buffers whatever the number of items: a slow disk holds `add` back.
 *
 * The coalescer matters for speed: tar-stream emits a header, the data and the padding of each
 * entry as separate small chunks, and handing ~3 chunks per item to zlib one by one costs a
 * thread-pool round trip each (measured: 11 s for 40k entries); batching them into 256 KiB
 * writes makes the same tarball in ~0.5 s.
 */
import { createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import tar from "tar-stream";
import { BackupError } from "./errors.ts";

const batchBytes = 256 * 1024;

/** Joins small chunks into writes of about `size` bytes. */
class Coalescer extends Transform {
  readonly #size: number;
  #parts: Buffer[] = [];
  #length = 0;

  constructor(size: number) {
    super();
    this.#size = size;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#parts.push(chunk);
    this.#length += chunk.length;
    if (this.#length >= this.#size) this.#emit();
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.#length > 0) this.#emit();
    done();
  }

  #emit(): void {
    this.push(Buffer.concat(this.#parts, this.#length));
    this.#parts = [];
    this.#length = 0;
  }
}

export class TarballWriter {
  readonly path: string;
  readonly #pack = tar.pack();
  readonly #mtime: Date;
  readonly #done: Promise<void>;
  #failure: BackupError | undefined;
  #failed: Promise<never>;

  /** Starts writing `path` (created or truncated); entries get `mtime`. */
  constructor(path: string, mtime: Date) {
    this.path = path;
    this.#mtime = mtime;
    this.#done = pipeline(
      this.#pack,
      new Coalescer(batchBytes),
      createGzip(),
      createWriteStream(path, { mode: 0o600 }),
    );
    this.#failed = this.#done.then(
      () => new Promise<never>(() => undefined),
      (err: unknown) => {
        this.#failure = new BackupError("TarballWriteFailed", `writing ${path}: ${(err as Error).message}`, {
          cause: err,
        });
        throw this.#failure;
      },
    );
    this.#failed.catch(() => undefined);
  }

  /**
   * Adds file entries (mode 0644) in order; resolves when the pack stream has taken the last,
   * which is what holds a fast producer back when the disk is slow.
   */
  async add(...entries: { name: string; data: Buffer }[]): Promise<void> {
    if (this.#failure) throw this.#failure;
    let last: Promise<void> = Promise.resolve();
    for (const { name, data } of entries) {
      last = new Promise<void>((resolve, reject) => {
        const header = { name, size: data.length, mode: 0o644, mtime: this.#mtime, type: "file" as const };
        const sink = this.#pack.entry(header, data, (err) => {
          if (!err) return resolve();
          reject(
            this.#failure ?? new BackupError("TarballWriteFailed", `adding ${name}: ${err.message}`, { cause: err }),
          );
        });
        // The entry's callback carries any error; without a listener a destroyed entry would throw.
        sink.on("error", () => undefined);
      });
      last.catch(() => undefined);
    }
    await Promise.race([last, this.#failed]);
  }

  /** Ends the archive and waits until the file is complete; returns its size in bytes. */
  async finish(): Promise<number> {
    if (this.#failure) throw this.#failure;
    this.#pack.finalize();
    try {
      await this.#done;
    } catch {
      throw this.#failure ?? new BackupError("TarballWriteFailed", `writing ${this.path} failed`);
    }
    return (await stat(this.path)).size;
  }

  /** Stops writing (after a failure elsewhere); the partial file is left for the caller to remove. */
  abort(): void {
    this.#pack.destroy(new Error("backup aborted"));
  }
}
