/**
 * The password-based key derivation of restic key files (restic.md §1.4): scrypt(password,
 * salt, N, r, p) with 64 output bytes, split into a user key of the MasterKey shape —
 * bytes 0..32 the AES-256 key, 32..48 the MAC k, 48..64 the MAC r.
 *
 * New keys use defaultScryptParams. Readers honour whatever N/r/p a key file stores, within
 * the sanity bounds below (a key file asking for more is treated as malformed, not obeyed).
 */
import { scrypt } from "node:crypto";
import { RepoError } from "../errors.ts";
import type { MasterKey } from "./master-key.ts";

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * restic calibrates scrypt on each machine to about 0.5 s and 60 MiB (simple-scrypt
 * Calibrate, from N=16384, r=8, p=1). A fixed N=32768, r=8 uses 32 MiB and is the N that
 * calibration reaches within that memory; restic 0.19.1 on a 2-vCPU VM wrote N=32768, r=8,
 * p=7. p=1 keeps `key add` and every repository open quick for a service that opens
 * repositories often, at the same memory hardness.
 */
export const defaultScryptParams: ScryptParams = { N: 32768, r: 8, p: 1 };

/** Largest scrypt working memory (128·N·r bytes) a key file may ask for: 1 GiB. */
export const maxScryptMemory = 1 << 30;

const derivedSize = 64;

function checkParams({ N, r, p }: ScryptParams): void {
  const ints = [N, r, p].every((x) => Number.isSafeInteger(x) && x > 0);
  const powerOfTwo = ints && N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || r * p >= 2 ** 30 || 128 * N * r > maxScryptMemory) {
    throw new RepoError("InvalidFormat", `scrypt parameters N=${N} r=${r} p=${p} are invalid or too large`);
  }
}

/** Derives the user key that seals the master key inside a key file. */
export async function deriveUserKey(password: string, salt: Buffer, params: ScryptParams): Promise<MasterKey> {
  checkParams(params);
  const { N, r, p } = params;
  // OpenSSL's own accounting: 128·r·(N+2) for V plus 128·r·p for B; the slack is headroom.
  const maxmem = 128 * r * (N + p + 2) + (1 << 20);
  // A synchronous throw (parameters Node refuses) rejects the promise too.
  const derived = await new Promise<Buffer>((resolve, reject) => {
    scrypt(password, salt, derivedSize, { N, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  }).catch((err: unknown) => {
    throw new RepoError("InvalidFormat", `scrypt rejected N=${N} r=${r} p=${p}`, { cause: err });
  });
  return { encrypt: derived.subarray(0, 32), macK: derived.subarray(32, 48), macR: derived.subarray(48, 64) };
}
