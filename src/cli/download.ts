/**
 * Reading a backup's or restore's files without bucket credentials, as Velero's CLI does: create
 * a DownloadRequest for the file, wait until the server has answered it with a presigned URL
 * (valid 10 minutes), delete the request, GET the URL, and gunzip the payload — except the
 * contents tarball, which is saved as it is (`backup download`), through a temp file renamed into
 * place so a broken transfer never leaves a half file under the final name.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { gunzipSync } from "node:zlib";
import type { DownloadRequest, DownloadTargetKind } from "../api/download-request.ts";
import { apiVersion } from "../api/group.ts";
import type { ResourceClient } from "../kube/resource-client.ts";
import { waitFor, WaitError } from "./wait.ts";

export class DownloadError extends Error {
  readonly code: "NoServer" | "NotAvailable" | "Http";

  constructor(code: DownloadError["code"], message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "DownloadError";
    this.code = code;
  }
}

export interface DownloadTarget {
  kind: DownloadTargetKind;
  name: string;
}

/** Names the request after its target, with a random suffix; kept within 253 characters. */
export function requestName(target: DownloadTarget): string {
  return `${target.name.slice(0, 230)}-${randomBytes(5).toString("hex")}`;
}

/** Creates the DownloadRequest, waits for the server's URL, deletes the request, returns the URL. */
export async function presignedUrl(
  client: ResourceClient<DownloadRequest>,
  target: DownloadTarget,
  timeoutMs = 30_000,
): Promise<string> {
  const name = requestName(target);
  await client.create({
    apiVersion,
    kind: "DownloadRequest",
    metadata: { name, namespace: client.namespace },
    spec: { target: { kind: target.kind, name: target.name } },
  });
  let answered: DownloadRequest;
  try {
    answered = await waitFor({
      what: `download request for ${target.kind} ${target.name}`,
      get: () => client.get(name),
      watch: client.listWatch({ fieldSelector: `metadata.name=${name}` }),
      until: (dr) => dr.status?.phase === "Processed",
      timeoutMs,
    });
  } catch (err) {
    if (err instanceof WaitError && err.code === "Timeout")
      throw new DownloadError(
        "NoServer",
        `no answer to the download request within ${timeoutMs / 1000}s: is the Lifeboat server running in namespace ${client.namespace}?`,
        { cause: err },
      );
    throw err;
  } finally {
    await client.delete(name).catch(() => undefined);
  }
  const url = answered.status?.downloadURL;
  if (!url)
    throw new DownloadError(
      "NotAvailable",
      `${target.kind} of ${target.name} is not available: ${answered.status?.message || "the server gave no URL"}`,
    );
  return url;
}

async function get(url: string, target: DownloadTarget): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (err) {
    const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
    throw new DownloadError(
      "Http",
      `cannot fetch ${target.kind} of ${target.name} from ${new URL(url).host}: ${cause}`,
      {
        cause: err,
      },
    );
  }
  if (res.status === 404)
    throw new DownloadError(
      "NotAvailable",
      `${target.kind} of ${target.name} is not in the bucket (the run may still be going on, or failed before writing it)`,
    );
  if (!res.ok) throw new DownloadError("Http", `fetching ${target.kind} of ${target.name}: HTTP ${res.status}`);
  return res;
}

/** The file's bytes, gunzipped (every target but BackupContents is stored gzipped). */
export async function fetchPayload(url: string, target: DownloadTarget): Promise<Buffer> {
  const res = await get(url, target);
  const body = Buffer.from(await res.arrayBuffer());
  if (target.kind === "BackupContents") return body;
  try {
    return gunzipSync(body);
  } catch (err) {
    throw new DownloadError("Http", `${target.kind} of ${target.name} is not valid gzip data`, { cause: err });
  }
}

/** Streams the URL's body to `file` through `<file>.<random>.part`; the file appears only when complete. */
export async function fetchToFile(url: string, target: DownloadTarget, file: string): Promise<number> {
  const res = await get(url, target);
  if (!res.body) throw new DownloadError("Http", `fetching ${target.kind} of ${target.name}: empty response`);
  const temp = `${file}.${randomBytes(4).toString("hex")}.part`;
  let bytes = 0;
  const body = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
  body.on("data", (chunk: Buffer) => (bytes += chunk.length));
  try {
    await pipeline(body, createWriteStream(temp, { flags: "wx", mode: 0o600 }));
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return bytes;
}

/** The whole round trip for a text or JSON file: request, wait, fetch, gunzip. */
export async function downloadPayload(
  client: ResourceClient<DownloadRequest>,
  target: DownloadTarget,
  timeoutMs?: number,
): Promise<Buffer> {
  return fetchPayload(await presignedUrl(client, target, timeoutMs), target);
}
