/**
 * The log of one backup or restore run: JSON lines (`{"level","time","msg",…fields}`) kept in
 * a temp file so a run of 100k items does not hold its log in memory, and echoed to the
 * server's logger with the run's name. Uploaded gzipped as `<b>-logs.gz` / `restore-<r>-logs.gz`
 * and shown by `lifeboat backup logs`. Warnings and errors logged here are also counted into the
 * run's ResultsCollector when a scope is given.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import type { Log } from "../kube/log.ts";
import type { ResultsCollector, Scope } from "./results.ts";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface RunLogOptions {
  /** The file the lines go to (created, truncated). */
  file: string;
  /** The server's logger; each line is echoed there too. */
  echo?: Log;
  results?: ResultsCollector;
  now?: () => Date;
}

export class RunLog {
  readonly #fd: number;
  readonly #file: string;
  readonly #echo: Log | undefined;
  readonly #results: ResultsCollector | undefined;
  readonly #now: () => Date;
  #closed = false;

  constructor(options: RunLogOptions) {
    this.#file = options.file;
    this.#fd = openSync(options.file, "w", 0o600);
    this.#echo = options.echo;
    this.#results = options.results;
    this.#now = options.now ?? (() => new Date());
  }

  debug(msg: string, fields: Record<string, unknown> = {}): void {
    this.#write("debug", msg, fields);
  }

  info(msg: string, fields: Record<string, unknown> = {}): void {
    this.#write("info", msg, fields);
  }

  /** A warning; with a scope it is also counted in the run's results. */
  warn(msg: string, fields: Record<string, unknown> = {}, scope?: Scope): void {
    this.#write("warn", msg, fields);
    if (scope) this.#results?.warning(scope, msg);
  }

  /** An error; with a scope it is also counted in the run's results. */
  error(msg: string, fields: Record<string, unknown> = {}, scope?: Scope): void {
    this.#write("error", msg, fields);
    if (scope) this.#results?.error(scope, msg);
  }

  #write(level: LogLevel, msg: string, fields: Record<string, unknown>): void {
    if (this.#closed) return;
    const line = JSON.stringify({ level, time: this.#now().toISOString(), msg, ...fields });
    writeSync(this.#fd, line + "\n");
    this.#echo?.[level](fields, msg);
  }

  /** Everything logged so far. */
  text(): string {
    return readFileSync(this.#file, "utf8");
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
  }

  /** Closes and deletes the file. */
  dispose(): void {
    this.close();
    rmSync(this.#file, { force: true });
  }
}
