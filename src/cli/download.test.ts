import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { DownloadError, fetchPayload, fetchToFile, requestName } from "./download.ts";

const files: Record<string, Buffer> = {
  "/log.gz": gzipSync('{"level":"info","msg":"hello"}\n'),
  "/contents.tar.gz": gzipSync("tar bytes"),
  "/garbage": Buffer.from("not gzip"),
};
let server: Server;
let base = "";
let dir = "";

before(async () => {
  server = createServer((req, res) => {
    const body = files[req.url ?? ""];
    if (!body) {
      res.writeHead(404).end("NoSuchKey");
      return;
    }
    res.writeHead(200).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  dir = await mkdtemp(path.join(tmpdir(), "lifeboat-download-"));
});

after(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

test("logs and results are gunzipped", async () => {
  const text = await fetchPayload(`${base}/log.gz`, { kind: "BackupLog", name: "b" });
  assert.equal(text.toString(), '{"level":"info","msg":"hello"}\n');
});

test("the contents tarball is kept as stored", async () => {
  const bytes = await fetchPayload(`${base}/contents.tar.gz`, { kind: "BackupContents", name: "b" });
  assert.deepEqual(bytes, files["/contents.tar.gz"]);
});

test("a missing object and bad gzip are DownloadErrors that say what happened", async () => {
  await assert.rejects(
    fetchPayload(`${base}/nope`, { kind: "BackupResults", name: "b" }),
    (err: unknown) =>
      err instanceof DownloadError &&
      err.code === "NotAvailable" &&
      /BackupResults of b is not in the bucket/.test(err.message),
  );
  await assert.rejects(
    fetchPayload(`${base}/garbage`, { kind: "BackupLog", name: "b" }),
    /BackupLog of b is not valid gzip data/,
  );
  await assert.rejects(
    fetchPayload("http://127.0.0.1:1/x", { kind: "BackupLog", name: "b" }),
    (err: unknown) =>
      err instanceof DownloadError && /cannot fetch BackupLog of b from 127\.0\.0\.1:1/.test(err.message),
  );
});

test("a download to a file appears complete under its name and leaves no temp file", async () => {
  const file = path.join(dir, "b-data.tar.gz");
  const bytes = await fetchToFile(`${base}/contents.tar.gz`, { kind: "BackupContents", name: "b" }, file);
  assert.equal(bytes, files["/contents.tar.gz"]?.length);
  assert.deepEqual(await readFile(file), files["/contents.tar.gz"]);
  assert.deepEqual(await readdir(dir), ["b-data.tar.gz"]);
  await assert.rejects(fetchToFile(`${base}/nope`, { kind: "BackupContents", name: "b" }, path.join(dir, "x")));
  assert.deepEqual(await readdir(dir), ["b-data.tar.gz"]);
});

test("request names carry the target and a random suffix within 253 characters", () => {
  const a = requestName({ kind: "BackupLog", name: "nightly" });
  assert.match(a, /^nightly-[0-9a-f]{10}$/);
  assert.notEqual(a, requestName({ kind: "BackupLog", name: "nightly" }));
  assert.ok(requestName({ kind: "BackupLog", name: "x".repeat(253) }).length <= 253);
});
