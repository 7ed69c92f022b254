/**
 * Poly1305 (RFC 8439 §2.5), the one-time authenticator under restic's MAC. Node has no
 * standalone Poly1305, so this wraps libsodium's `crypto_onetimeauth` from sodium-native, whose
 * npm package ships prebuilt binaries (no install script, no download). The 32-byte key is
 * r ‖ s; r is clamped inside, so callers pass it as stored. Why sodium-native: see seal.ts.
 */
import { createRequire } from "node:module";
import { RepoError } from "../errors.ts";

interface Sodium {
  crypto_onetimeauth(out: Uint8Array, message: Uint8Array, key: Uint8Array): void;
  crypto_onetimeauth_init(state: Uint8Array, key: Uint8Array): void;
  crypto_onetimeauth_update(state: Uint8Array, message: Uint8Array): void;
  crypto_onetimeauth_final(state: Uint8Array, out: Uint8Array): void;
  crypto_onetimeauth_STATEBYTES: number;
}

// sodium-native is CommonJS without type declarations; only the onetimeauth functions are used.
const sodium = createRequire(import.meta.url)("sodium-native") as Sodium;

export const poly1305KeySize = 32;
export const poly1305TagSize = 16;

function checkKey(key: Uint8Array): void {
  if (key.length !== poly1305KeySize) {
    throw new RepoError("InvalidArgument", `a Poly1305 key is ${poly1305KeySize} bytes, not ${key.length}`);
  }
}

/** The 16-byte tag of `message` under the one-time key `key` = r ‖ s. */
export function poly1305(message: Uint8Array, key: Uint8Array): Buffer {
  checkKey(key);
  const tag = Buffer.alloc(poly1305TagSize);
  sodium.crypto_onetimeauth(tag, message, key);
  return tag;
}

/** The same tag computed piecewise, so a message can be authenticated while it is made. */
export class Poly1305 {
  readonly #state: Buffer;

  constructor(key: Uint8Array) {
    checkKey(key);
    this.#state = Buffer.alloc(sodium.crypto_onetimeauth_STATEBYTES);
    sodium.crypto_onetimeauth_init(this.#state, key);
  }

  update(part: Uint8Array): this {
    sodium.crypto_onetimeauth_update(this.#state, part);
    return this;
  }

  /** The tag of everything passed to update(); call once. */
  digest(): Buffer {
    const tag = Buffer.alloc(poly1305TagSize);
    sodium.crypto_onetimeauth_final(this.#state, tag);
    return tag;
  }
}
