/**
 * What every `lifeboat repo` command needs: the repository location (--repo or RESTIC_REPOSITORY),
 * the password (RESTIC_PASSWORD, --password-file / RESTIC_PASSWORD_FILE, or a prompt on a
 * terminal), and the opened store and repository. Errors name the flag or variable to set.
 */
import type { Command } from "commander";
import { mkdirSync, readFileSync } from "node:fs";
import { openObjectStore } from "../../storage/compose.ts";
import type { ObjectStore } from "../../storage/object-store.ts";
import { parseLocation } from "../../repo/location.ts";
import { openRepository, type Repository } from "../../repo/repository.ts";
import { UsageError } from "../output.ts";

export interface RepoGlobals {
  repo?: string;
  passwordFile?: string;
  json?: boolean;
}

export function repoGlobals(command: Command): RepoGlobals {
  return command.optsWithGlobals<RepoGlobals>();
}

/** The repository's store; `create` makes a local repository's folder (for init). */
export function openStore(globals: RepoGlobals, options: { create?: boolean } = {}): ObjectStore {
  const location = globals.repo ?? process.env["RESTIC_REPOSITORY"];
  if (!location)
    throw new UsageError(
      "--repo: required (or set RESTIC_REPOSITORY); e.g. --repo /srv/backup or s3:http://minio:9000/bucket/repo",
    );
  const spec = parseLocation(location);
  if (options.create && spec.provider === "filesystem") mkdirSync(spec.root, { recursive: true, mode: 0o700 });
  return openObjectStore(spec, { name: "repo" });
}

async function prompt(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY)
    throw new UsageError("no password: set RESTIC_PASSWORD or --password-file (stdin is not a terminal to ask on)");
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  let answer = "";
  return new Promise((resolve, reject) => {
    const onData = (data: Buffer): void => {
      for (const char of data.toString("utf8")) {
        if (char === "\r" || char === "\n") {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off("data", onData);
          process.stderr.write("\n");
          resolve(answer);
          return;
        }
        if (char === "\u0003") {
          stdin.setRawMode(false);
          reject(new UsageError("interrupted"));
          return;
        }
        answer = char === "\u007f" ? answer.slice(0, -1) : answer + char;
      }
    };
    stdin.on("data", onData);
  });
}

export async function password(globals: RepoGlobals, opts: { confirm?: boolean } = {}): Promise<string> {
  const fromEnv = process.env["RESTIC_PASSWORD"];
  if (fromEnv) return fromEnv;
  const file = globals.passwordFile ?? process.env["RESTIC_PASSWORD_FILE"];
  if (file) {
    try {
      return readFileSync(file, "utf8").replace(/\r?\n$/, "");
    } catch (err) {
      throw new UsageError(`--password-file: cannot read ${file}: ${(err as Error).message}`);
    }
  }
  const first = await prompt("enter password for repository: ");
  if (opts.confirm && (await prompt("enter password again: ")) !== first)
    throw new UsageError("the passwords do not match");
  return first;
}

export async function openRepo(globals: RepoGlobals): Promise<Repository> {
  return openRepository(openStore(globals), await password(globals));
}
