/**
 * Repository locations in restic's forms: a local path, or `s3:http(s)://host[:port]/bucket[/prefix]`
 * (also `s3:host/bucket/prefix`, which means https, as restic reads it). S3 credentials come from
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), the region from
 * AWS_DEFAULT_REGION or AWS_REGION (default us-east-1); path-style addressing is used, which
 * every S3-compatible store accepts.
 */
import path from "node:path";
import type { StoreSpec } from "../storage/compose.ts";
import { s3ConfigFromLocation } from "../storage/s3/s3-config.ts";
import { RepoError } from "./errors.ts";

export function parseLocation(location: string, env: NodeJS.ProcessEnv = process.env): StoreSpec {
  if (location.length === 0)
    throw new RepoError("InvalidArgument", "--repo: empty; give a folder or s3:https://host/bucket/prefix");
  if (!location.startsWith("s3:")) {
    if (/^[a-z0-9+]+:/i.test(location) && !location.startsWith("local:")) {
      throw new RepoError(
        "InvalidArgument",
        `--repo: "${location}" is not supported; use a local folder or s3:https://host/bucket[/prefix]`,
      );
    }
    return { provider: "filesystem", root: path.resolve(location.replace(/^local:/, "")) };
  }
  const rest = location.slice(3);
  const url = new URL(/^https?:\/\//.test(rest) ? rest : `https://${rest}`);
  const [bucket = "", ...prefix] = url.pathname.split("/").filter(Boolean);
  if (!bucket)
    throw new RepoError("InvalidArgument", `--repo: "${location}" names no bucket; write s3:https://host/bucket`);
  const accessKeyId = env["AWS_ACCESS_KEY_ID"];
  const secretAccessKey = env["AWS_SECRET_ACCESS_KEY"];
  if (!accessKeyId || !secretAccessKey) {
    throw new RepoError(
      "InvalidArgument",
      "an s3: repository needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment",
    );
  }
  const sessionToken = env["AWS_SESSION_TOKEN"];
  return {
    provider: "aws",
    s3: s3ConfigFromLocation(
      {
        bucket,
        prefix: prefix.join("/"),
        config: {
          s3Url: `${url.protocol}//${url.host}`,
          region: env["AWS_DEFAULT_REGION"] ?? env["AWS_REGION"] ?? "us-east-1",
          s3ForcePathStyle: "true",
        },
      },
      { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    ),
  };
}
