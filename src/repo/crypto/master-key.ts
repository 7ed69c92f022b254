/**
 * The repository master key: the AES-256 key that encrypts every file and blob, and the two
 * halves of the Poly1305-AES key that authenticates them. It is random, made once at `init`,
 * and stored only inside key files (sealed with a password-derived key) as the JSON
 *
 *   {"mac":{"k":"<16 B base64>","r":"<16 B base64>"},"encrypt":"<32 B base64>"}
 *
 * exactly as restic writes it. `r` is kept unclamped: Poly1305 clamps it when it runs.
 * The same shape also carries a password-derived user key (see kdf.ts).
 */
import { randomBytes } from "node:crypto";
import { RepoError } from "../errors.ts";
import { decodeGoBytes, isJsonObject, parseJsonObject } from "./key-json.ts";

export interface MasterKey {
  /** 32 B AES-256-CTR key. */
  encrypt: Buffer;
  /** 16 B AES-128 key that turns each IV into the Poly1305 `s`. */
  macK: Buffer;
  /** 16 B Poly1305 `r`, stored unclamped. */
  macR: Buffer;
}

export const encryptKeySize = 32;
export const macKeySize = 16;

function allZero(b: Uint8Array): boolean {
  return b.every((x) => x === 0);
}

/** A fresh key from the CSPRNG; all-zero parts (never seen in practice) are drawn again. */
export function randomMasterKey(): MasterKey {
  const draw = (size: number): Buffer => {
    for (;;) {
      const b = randomBytes(size);
      if (!allZero(b)) return b;
    }
  };
  return { encrypt: draw(encryptKeySize), macK: draw(macKeySize), macR: draw(macKeySize) };
}

/** The master key JSON, byte for byte as Go's json.Marshal writes restic's key struct. */
export function encodeMasterKey(k: MasterKey): Buffer {
  const b64 = (b: Buffer): string => b.toString("base64");
  return Buffer.from(`{"mac":{"k":"${b64(k.macK)}","r":"${b64(k.macR)}"},"encrypt":"${b64(k.encrypt)}"}`);
}

function part(value: unknown, field: string, size: number): Buffer {
  const b = decodeGoBytes(value, `master key ${field}`);
  if (b.length !== size) throw new RepoError("InvalidFormat", `master key ${field} is ${b.length} bytes, not ${size}`);
  if (allZero(b)) throw new RepoError("InvalidFormat", `master key ${field} is all zero`);
  return b;
}

/** Parses and checks master key JSON: right lengths, no all-zero part, else InvalidFormat. */
export function decodeMasterKey(bytes: Uint8Array): MasterKey {
  const json = parseJsonObject(bytes, "master key");
  const mac = json["mac"];
  if (!isJsonObject(mac)) throw new RepoError("InvalidFormat", 'master key JSON lacks the "mac" object');
  return {
    encrypt: part(json["encrypt"], "encrypt", encryptKeySize),
    macK: part(mac["k"], "mac.k", macKeySize),
    macR: part(mac["r"], "mac.r", macKeySize),
  };
}
