/**
 * ResourceClient against a recording stand-in API server: the paths (core and named groups),
 * methods, content types and bodies of every call; list following continue tokens and filling
 * in apiVersion/kind; the status subresource calls; a nameless object rejected before any request.
 */
import { after, before, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import type { V1Secret } from "@kubernetes/client-node";
import type { Backup } from "../api/backup.ts";
import { backupDefinition } from "../api/backup.ts";
import { KubeError } from "./errors.ts";
import { lifeboatClient, ResourceClient } from "./resource-client.ts";
import { RestClient } from "./rest.ts";
import { sendJson, sendStatus, startFakeApi, type FakeApi, type RecordedRequest } from "./test-api-server.ts";

let api: FakeApi;
let reply: (req: RecordedRequest) => { status: number; body: unknown };

before(async () => {
  api = await startFakeApi((req, res) => {
    const { status, body } = reply(req);
    if (status >= 400) sendStatus(res, status, String(body));
    else sendJson(res, status, body);
  });
});
after(() => api.close());
beforeEach(() => {
  api.requests.length = 0;
  reply = (req) => ({ status: 200, body: req.body ? JSON.parse(req.body) : {} });
});

const backups = () => lifeboatClient(new RestClient(api.kc), backupDefinition, "lb-test");
const base = "/apis/lifeboat.dev/v1/namespaces/lb-test/backups";

const backup = (name: string): Backup => ({
  apiVersion: "lifeboat.dev/v1",
  kind: "Backup",
  metadata: { name },
  spec: { includedNamespaces: ["shop"] },
});

test("core-group resources live under /api/v1, others under /apis/<group>/<version>", async () => {
  const secrets = new ResourceClient<V1Secret>(
    new RestClient(api.kc),
    { group: "", version: "v1", plural: "secrets" },
    "ns",
  );
  assert.equal(secrets.path(), "/api/v1/namespaces/ns/secrets");
  assert.equal(secrets.path("a b"), "/api/v1/namespaces/ns/secrets/a%20b");
  assert.equal(backups().path("x"), `${base}/x`);
  assert.equal(lifeboatClient(new RestClient(api.kc), backupDefinition).namespace, "lifeboat");
  await secrets.get("creds");
  assert.equal(api.requests[0]?.url.pathname, "/api/v1/namespaces/ns/secrets/creds");
});

test("get, create, replace: methods, paths and bodies", async () => {
  const client = backups();
  await client.get("b1");
  await client.create(backup("b2"));
  await client.replace({ ...backup("b3"), metadata: { name: "b3", resourceVersion: "7" } });
  const calls = api.requests.map((r) => `${r.method} ${r.url.pathname}`);
  assert.deepEqual(calls, [`GET ${base}/b1`, `POST ${base}`, `PUT ${base}/b3`]);
  assert.deepEqual(JSON.parse(api.requests[1]?.body ?? ""), backup("b2"));
  assert.equal((JSON.parse(api.requests[2]?.body ?? "") as Backup).metadata.resourceVersion, "7");
});

test("patch and patchStatus send merge patches; patchStatus wraps the status and hits /status", async () => {
  const client = backups();
  await client.patch("b1", { metadata: { labels: { a: "b" } }, spec: { ttl: null } });
  await client.patchStatus("b1", { phase: "InProgress", progress: { totalItems: 3 } });
  const [patch, status] = api.requests;
  assert.equal(patch?.method, "PATCH");
  assert.equal(patch?.url.pathname, `${base}/b1`);
  assert.equal(patch?.headers["content-type"], "application/merge-patch+json");
  assert.deepEqual(JSON.parse(patch?.body ?? ""), { metadata: { labels: { a: "b" } }, spec: { ttl: null } });
  assert.equal(status?.url.pathname, `${base}/b1/status`);
  assert.equal(status?.headers["content-type"], "application/merge-patch+json");
  assert.deepEqual(JSON.parse(status?.body ?? ""), { status: { phase: "InProgress", progress: { totalItems: 3 } } });
});

test("replaceStatus PUTs the whole object to /status", async () => {
  await backups().replaceStatus({ ...backup("b1"), status: { phase: "Completed" } });
  assert.equal(api.requests[0]?.method, "PUT");
  assert.equal(api.requests[0]?.url.pathname, `${base}/b1/status`);
});

test("delete sends the propagation policy; errors come back as KubeErrors", async () => {
  await backups().delete("b1", { propagationPolicy: "Foreground" });
  assert.equal(api.requests[0]?.method, "DELETE");
  assert.equal(api.requests[0]?.url.searchParams.get("propagationPolicy"), "Foreground");
  await backups().delete("b2");
  assert.equal(api.requests[1]?.url.searchParams.has("propagationPolicy"), false);
  reply = () => ({ status: 404, body: "NotFound" });
  await assert.rejects(backups().get("gone"), (err) => KubeError.is(err, "NotFound"));
});

test("list follows continue tokens, passes the selector and fills in apiVersion/kind", async () => {
  reply = (req) => {
    const token = req.url.searchParams.get("continue");
    const page = token === null ? 1 : Number(token);
    const items = [{ metadata: { name: `b${page}` } }];
    const meta = { resourceVersion: "10", continue: page < 3 ? String(page + 1) : "" };
    return { status: 200, body: { apiVersion: "lifeboat.dev/v1", kind: "BackupList", metadata: meta, items } };
  };
  const items = await backups().list({ labelSelector: "lifeboat.dev/schedule-name=nightly", pageSize: 1 });
  assert.deepEqual(
    items.map((b) => [b.metadata.name, b.apiVersion, b.kind]),
    [1, 2, 3].map((i) => [`b${i}`, "lifeboat.dev/v1", "Backup"]),
  );
  assert.equal(api.requests.length, 3);
  for (const req of api.requests) {
    assert.equal(req.url.searchParams.get("labelSelector"), "lifeboat.dev/schedule-name=nightly");
    assert.equal(req.url.searchParams.get("limit"), "1");
  }
});

test("listWatch lists the same collection", async () => {
  reply = () => ({ status: 200, body: { kind: "BackupList", metadata: { resourceVersion: "5" }, items: [] } });
  const page = await backups().listWatch({ labelSelector: "a=b" }).list({ limit: 10 });
  assert.equal(page.resourceVersion, "5");
  assert.equal(api.requests[0]?.url.pathname, base);
  assert.equal(api.requests[0]?.url.searchParams.get("labelSelector"), "a=b");
});

test("replace of an object without a name fails before any request", async () => {
  const nameless = { ...backup("x"), metadata: {} };
  await assert.rejects(
    backups().replace(nameless),
    (err) => KubeError.is(err, "Invalid") && /metadata\.name/.test(err.message),
  );
  assert.equal(api.requests.length, 0);
});
