import { test } from "node:test";
import assert from "node:assert/strict";
import { StorageError } from "../errors.ts";
import { parseCredentialsIni, s3ConfigFromLocation } from "./s3-config.ts";
import { classify } from "./s3-errors.ts";
import { readParts } from "./parts.ts";
import { Readable } from "node:stream";

const creds = { accessKeyId: "id", secretAccessKey: "secret" };

function rejectsField(fn: () => unknown, field: RegExp): void {
  assert.throws(fn, (err) => StorageError.is(err, "InvalidArgument") && field.test(err.message));
}

test("a MinIO location: path style, default region, prefix trimmed", () => {
  const config = s3ConfigFromLocation(
    {
      bucket: "velero-backups",
      prefix: "/cluster-a/",
      config: { s3Url: "http://minio.lifeboat:9000/", s3ForcePathStyle: "true" },
    },
    creds,
  );
  assert.equal(config.endpoint, "http://minio.lifeboat:9000");
  assert.equal(config.region, "us-east-1");
  assert.equal(config.prefix, "cluster-a");
  assert.equal(config.forcePathStyle, true);
  assert.equal(config.checksumAlgorithm, "");
});

test("every bad field is named, with the fix", () => {
  rejectsField(() => s3ConfigFromLocation({ bucket: "Bad_Bucket" }, creds), /^objectStorage\.bucket:/);
  rejectsField(() => s3ConfigFromLocation({ bucket: "b/with/slash" }, creds), /objectStorage\.prefix/);
  rejectsField(() => s3ConfigFromLocation({ bucket: "ok-bucket" }, creds), /^config\.region: required/);
  rejectsField(
    () => s3ConfigFromLocation({ bucket: "ok-bucket", config: { s3Url: "minio:9000" } }, creds),
    /^config\.s3Url:/,
  );
  rejectsField(
    () => s3ConfigFromLocation({ bucket: "ok-bucket", config: { s3Url: "ftp://x" } }, creds),
    /^config\.s3Url:.*http/,
  );
  rejectsField(
    () => s3ConfigFromLocation({ bucket: "ok-bucket", config: { region: "r", s3ForcePathStyle: "yes" } }, creds),
    /^config\.s3ForcePathStyle:/,
  );
  rejectsField(
    () => s3ConfigFromLocation({ bucket: "ok-bucket", config: { region: "r", checksumAlgorithm: "MD5" } }, creds),
    /^config\.checksumAlgorithm:/,
  );
  rejectsField(
    () => s3ConfigFromLocation({ bucket: "ok-bucket", caCert: "bm90IGEgY2VydA==", config: { region: "r" } }, creds),
    /^objectStorage\.caCert:/,
  );
});

test("a base64 caCert is decoded to PEM", () => {
  const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  const config = s3ConfigFromLocation(
    { bucket: "ok-bucket", caCert: Buffer.from(pem).toString("base64"), config: { region: "r" } },
    creds,
  );
  assert.equal(config.caCert, pem);
});

test("credentials are read from an AWS INI file, by profile", () => {
  const ini = `# comment\n[default]\naws_access_key_id = AKIA1\naws_secret_access_key=s3cr3t\n\n[profile backup]\naws_access_key_id=AKIA2\naws_secret_access_key = other\naws_session_token = tok\n`;
  assert.deepEqual(parseCredentialsIni(ini), { accessKeyId: "AKIA1", secretAccessKey: "s3cr3t" });
  assert.deepEqual(parseCredentialsIni(ini, "backup"), {
    accessKeyId: "AKIA2",
    secretAccessKey: "other",
    sessionToken: "tok",
  });
  rejectsField(() => parseCredentialsIni(ini, "missing"), /no \[missing\] section.*default, backup/);
  rejectsField(() => parseCredentialsIni("[default]\naws_access_key_id=x\n"), /aws_secret_access_key/);
});

test("S3 and socket errors map to stable codes", () => {
  assert.equal(classify({ name: "NoSuchKey" }), "NotFound");
  assert.equal(classify({ name: "NoSuchBucket" }), "BucketNotFound");
  assert.equal(classify({ name: "SignatureDoesNotMatch" }), "InvalidCredentials");
  assert.equal(classify({ name: "SlowDown", $metadata: { httpStatusCode: 503 } }), "Throttled");
  assert.equal(classify({ name: "Unknown", $metadata: { httpStatusCode: 500 } }), "ServerError");
  assert.equal(classify({ name: "Forbidden", $metadata: { httpStatusCode: 403 } }), "AccessDenied");
  assert.equal(classify({ name: "BadDigest" }), "ChecksumMismatch");
  assert.equal(classify({ name: "Error", code: "ECONNRESET" }), "Network");
  assert.equal(classify({ name: "TimeoutError", code: "ETIMEDOUT" }), "Timeout");
  assert.equal(classify({ name: "PreconditionFailed", $metadata: { httpStatusCode: 412 } }), "Conflict");
});

test("streams are cut into exact parts", async () => {
  const chunks = [Buffer.alloc(3, 1), Buffer.alloc(10, 2), Buffer.alloc(1, 3)];
  const parts: number[] = [];
  for await (const part of readParts(Readable.from(chunks), 4)) parts.push(part.length);
  assert.deepEqual(parts, [4, 4, 4, 2]);
});
