/**
 * The repository's `config` file: version, random id and chunker polynomial, as Go's
 * json.Marshal writes restic's Config struct. Sealed with the master key, never compressed.
 */
import { formatPolynomial, parsePolynomial } from "./chunker/polynomial.ts";
import { RepoError } from "./errors.ts";

export interface RepoConfig {
  version: 1 | 2;
  id: string;
  chunkerPolynomial: bigint;
}

export function encodeConfig(config: RepoConfig): Buffer {
  return Buffer.from(
    `{"version":${config.version},"id":"${config.id}","chunker_polynomial":"${formatPolynomial(config.chunkerPolynomial)}"}`,
  );
}

export function decodeConfig(json: Uint8Array): RepoConfig {
  let parsed: { version?: unknown; id?: unknown; chunker_polynomial?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(json).toString("utf8")) as typeof parsed;
  } catch (err) {
    throw new RepoError("InvalidFormat", "the config file is not valid JSON", { cause: err });
  }
  if (parsed.version !== 1 && parsed.version !== 2) {
    throw new RepoError(
      "UnsupportedVersion",
      `repository version ${String(parsed.version)} is not supported (1 and 2 are)`,
    );
  }
  if (typeof parsed.id !== "string" || typeof parsed.chunker_polynomial !== "string") {
    throw new RepoError("InvalidFormat", "the config file lacks id or chunker_polynomial");
  }
  return { version: parsed.version, id: parsed.id, chunkerPolynomial: parsePolynomial(parsed.chunker_polynomial) };
}
