/**
 * restic key files (`keys/<id>`, restic.md §1.4): plain JSON that wraps the repository master
 * key under one password. Written byte for byte as Go's json.Marshal writes restic's struct:
 *
 *   {"created":"<RFC3339Nano>","username":"…","hostname":"…","kdf":"scrypt","N":…,"r":…,"p":…,
 *    "salt":"<64 B base64>","data":"<base64 of seal(userKey, master key JSON)>"}
 *
 * The user key is scrypt(password, salt); the file's id is the SHA-256 of its exact bytes.
 * Each password of a repository has its own key file wrapping the same master key.
 */
import { createHash, randomBytes } from "node:crypto";
import { RepoError } from "../errors.ts";
import { decodeGoBytes, goJsonString, goTime, parseJsonObject } from "./key-json.ts";
import { defaultScryptParams, deriveUserKey } from "./kdf.ts";
import type { ScryptParams } from "./kdf.ts";
import { decodeMasterKey, encodeMasterKey } from "./master-key.ts";
import type { MasterKey } from "./master-key.ts";
import { open, seal } from "./seal.ts";

export const saltSize = 64;

/** What `key list` shows of a key file; nothing here needs the password. */
export interface KeyFileInfo {
  /** As stored, RFC 3339 with the writer's zone, e.g. "2026-11-25T15:45:27.346893705Z". */
  created: string;
  username: string;
  hostname: string;
  N: number;
  r: number;
  p: number;
}

export interface CreateKeyFileOptions {
  username: string;
  hostname: string;
  /** Defaults to the current time. */
  now?: Date;
  /** Defaults to defaultScryptParams. */
  params?: ScryptParams;
}

interface KeyFile extends KeyFileInfo {
  salt: Buffer;
  data: Buffer;
}

/** The id a key file is stored under: lower-case hex SHA-256 of its bytes. */
export function keyFileId(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Wraps `master` under `password` in a new key file (fresh salt, fresh IV). */
export async function createKeyFile(
  master: MasterKey,
  password: string,
  opts: CreateKeyFileOptions,
): Promise<{ bytes: Buffer; id: string }> {
  const { N, r, p } = opts.params ?? defaultScryptParams;
  const salt = randomBytes(saltSize);
  const userKey = await deriveUserKey(password, salt, { N, r, p });
  const data = seal(userKey, encodeMasterKey(master));
  const json =
    `{"created":"${goTime(opts.now ?? new Date())}","username":${goJsonString(opts.username)},` +
    `"hostname":${goJsonString(opts.hostname)},"kdf":"scrypt","N":${N},"r":${r},"p":${p},` +
    `"salt":"${salt.toString("base64")}","data":"${data.toString("base64")}"}`;
  const bytes = Buffer.from(json);
  return { bytes, id: keyFileId(bytes) };
}

function optionalString(value: unknown, field: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") throw new RepoError("InvalidFormat", `key file ${field} is not a string`);
  return value;
}

function count(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw new RepoError("InvalidFormat", `key file ${field} is not a positive integer`);
  }
  return value;
}

function readKeyFile(bytes: Uint8Array): KeyFile {
  const json = parseJsonObject(bytes, "key file");
  if (json["kdf"] !== "scrypt") {
    throw new RepoError("InvalidFormat", `key file kdf ${JSON.stringify(json["kdf"])} is not "scrypt"`);
  }
  const salt = decodeGoBytes(json["salt"], "key file salt");
  if (salt.length !== saltSize) {
    throw new RepoError("InvalidFormat", `key file salt is ${salt.length} bytes, not ${saltSize}`);
  }
  return {
    created: optionalString(json["created"], "created"),
    username: optionalString(json["username"], "username"),
    hostname: optionalString(json["hostname"], "hostname"),
    N: count(json["N"], "N"),
    r: count(json["r"], "r"),
    p: count(json["p"], "p"),
    salt,
    data: decodeGoBytes(json["data"], "key file data"),
  };
}

/** The metadata of a key file, checked as openKeyFile checks it, without deriving anything. */
export function parseKeyFile(bytes: Uint8Array): KeyFileInfo {
  const { created, username, hostname, N, r, p } = readKeyFile(bytes);
  return { created, username, hostname, N, r, p };
}

/** The master key inside a key file; WrongPassword when the password does not open it. */
export async function openKeyFile(bytes: Uint8Array, password: string): Promise<MasterKey> {
  const file = readKeyFile(bytes);
  const userKey = await deriveUserKey(password, file.salt, file);
  let plaintext: Buffer;
  try {
    plaintext = open(userKey, file.data);
  } catch (err) {
    if (RepoError.is(err, "Unauthenticated")) {
      throw new RepoError("WrongPassword", "the password does not open this key file", { cause: err });
    }
    throw err;
  }
  return decodeMasterKey(plaintext);
}
