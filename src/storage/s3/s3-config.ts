/**
 * The S3 store's settings, and how they are read from a BackupStorageLocation's fields
 * (objectStorage.bucket/prefix/caCert, config.region/s3Url/publicUrl/s3ForcePathStyle/
 * insecureSkipTLSVerify/checksumAlgorithm) and its credentials Secret (AWS INI format). Every
 * bad value is rejected here with the field named and the fix, before any request is sent.
 */
import { StorageError } from "../errors.ts";
import type { RetryPolicy } from "../retry-policy.ts";

export const checksumAlgorithms = ["", "CRC32", "CRC32C", "SHA1", "SHA256", "CRC64NVME"] as const;
export type ChecksumAlgorithm = (typeof checksumAlgorithms)[number];

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface S3StoreConfig {
  bucket: string;
  /** Key prefix inside the bucket, without leading or trailing "/"; "" for the bucket root. */
  prefix: string;
  region: string;
  /** The S3 endpoint; absent for AWS S3. */
  endpoint?: string;
  /** Endpoint used only in presigned URLs (what users' browsers and CLIs can reach). */
  publicUrl?: string;
  forcePathStyle: boolean;
  insecureSkipTLSVerify: boolean;
  caCert?: string;
  /** "" (the default): no SDK checksums, Content-MD5 on uploads — what third-party stores accept. */
  checksumAlgorithm: ChecksumAlgorithm;
  credentials: S3Credentials;
  maxSockets: number;
  partSizeBytes: number;
  partConcurrency: number;
  connectTimeoutMs: number;
  /** A request whose connection carries no bytes for this long fails with Timeout. */
  idleTimeoutMs: number;
  /** Per-part retries of multipart uploads (whole-call retries are the retry decorator's). */
  partRetry: RetryPolicy;
}

export interface LocationFields {
  bucket: string;
  prefix?: string;
  caCert?: string;
  config?: Record<string, string | undefined>;
}

function invalid(field: string, problem: string): StorageError {
  return new StorageError("InvalidArgument", `${field}: ${problem}`);
}

function parseBool(field: string, value: string | undefined): boolean {
  if (value === undefined || value === "") return false;
  if (value === "true") return true;
  if (value === "false") return false;
  throw invalid(field, `"${value}" is not "true" or "false"`);
}

function parseUrl(field: string, value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(field, `"${value}" is not a URL; write it like http://minio.example:9000`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw invalid(field, `"${value}" must start with http:// or https://`);
  }
  return value.replace(/\/+$/, "");
}

/** Reads `[profile]` (default "default") from an AWS shared-credentials (INI) file. */
export function parseCredentialsIni(text: string, profile = "default"): S3Credentials {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[\s*(?:profile\s+)?([^\]]+?)\s*\]$/.exec(line);
    if (header?.[1]) {
      current = new Map();
      sections.set(header[1], current);
      continue;
    }
    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (pair?.[1] && current) current.set(pair[1].toLowerCase(), pair[2] ?? "");
  }
  const section = sections.get(profile);
  if (!section) {
    const known = [...sections.keys()].join(", ") || "none";
    throw invalid("credential", `no [${profile}] section in the credentials file (sections: ${known})`);
  }
  const accessKeyId = section.get("aws_access_key_id");
  const secretAccessKey = section.get("aws_secret_access_key");
  if (!accessKeyId) throw invalid("credential", `[${profile}] has no aws_access_key_id`);
  if (!secretAccessKey) throw invalid("credential", `[${profile}] has no aws_secret_access_key`);
  const sessionToken = section.get("aws_session_token");
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}

export const s3Defaults = {
  maxSockets: 64,
  partSizeBytes: 16 * 1024 * 1024,
  partConcurrency: 4,
  connectTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
  partRetry: { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 15_000 },
};

/** objectStorage.caCert is base64-encoded PEM in a BSL (as in Velero); plain PEM is accepted too. */
function pemOf(value: string): string {
  if (value.includes("-----BEGIN")) return value;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  if (!decoded.includes("-----BEGIN CERTIFICATE-----")) {
    throw invalid("objectStorage.caCert", "is neither a PEM certificate nor base64 of one");
  }
  return decoded;
}

const bucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function s3ConfigFromLocation(location: LocationFields, credentials: S3Credentials): S3StoreConfig {
  const config = location.config ?? {};
  if (!bucketName.test(location.bucket)) {
    throw invalid(
      "objectStorage.bucket",
      `"${location.bucket}" is not a bucket name (3–63 lower-case letters, digits, "." or "-"; put folders in objectStorage.prefix)`,
    );
  }
  const endpoint = parseUrl("config.s3Url", config["s3Url"]);
  const region = config["region"] || (endpoint ? "us-east-1" : "");
  if (!region)
    throw invalid("config.region", "required for AWS S3 (for example us-east-1); for other stores set config.s3Url");
  const checksum = config["checksumAlgorithm"] ?? "";
  if (!(checksumAlgorithms as readonly string[]).includes(checksum)) {
    throw invalid(
      "config.checksumAlgorithm",
      `"${checksum}" is not one of: "" (none), ${checksumAlgorithms.slice(1).join(", ")}`,
    );
  }
  return {
    ...s3Defaults,
    bucket: location.bucket,
    prefix: (location.prefix ?? "").replace(/^\/+|\/+$/g, ""),
    region,
    ...(endpoint ? { endpoint } : {}),
    ...(config["publicUrl"] ? { publicUrl: parseUrl("config.publicUrl", config["publicUrl"]) } : {}),
    forcePathStyle: parseBool("config.s3ForcePathStyle", config["s3ForcePathStyle"]),
    insecureSkipTLSVerify: parseBool("config.insecureSkipTLSVerify", config["insecureSkipTLSVerify"]),
    ...(location.caCert ? { caCert: pemOf(location.caCert) } : {}),
    checksumAlgorithm: checksum as ChecksumAlgorithm,
    credentials,
  };
}
