import { test } from "node:test";
import assert from "node:assert/strict";
import { RepoError } from "./errors.ts";
import { parseLocation } from "./location.ts";

const env = { AWS_ACCESS_KEY_ID: "id", AWS_SECRET_ACCESS_KEY: "secret" };

test("a local path is a filesystem store at that folder", () => {
  assert.deepEqual(parseLocation("/srv/repo", env), { provider: "filesystem", root: "/srv/repo" });
});

test("s3: locations in restic's forms", () => {
  const spec = parseLocation("s3:http://127.0.0.1:29000/lifeboat/restic/app", env);
  assert.equal(spec.provider, "aws");
  if (spec.provider !== "aws") return;
  assert.equal(spec.s3.endpoint, "http://127.0.0.1:29000");
  assert.equal(spec.s3.bucket, "lifeboat");
  assert.equal(spec.s3.prefix, "restic/app");
  const https = parseLocation("s3:s3.example.com/bucket", env);
  assert.equal(https.provider === "aws" ? https.s3.endpoint : "", "https://s3.example.com");
});

test("bad locations say what to write instead", () => {
  assert.throws(
    () => parseLocation("sftp:host:/x", env),
    (err) => RepoError.is(err, "InvalidArgument") && /not supported/.test(err.message),
  );
  assert.throws(() => parseLocation("s3:http://host:9000/", env), /names no bucket/);
  assert.throws(() => parseLocation("s3:http://host:9000/b", {}), /AWS_ACCESS_KEY_ID/);
});
