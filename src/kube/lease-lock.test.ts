import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { KubeError } from "./errors.ts";
import { kubeLeaseLock } from "./lease-lock.ts";
import { noRateLimit } from "./rate-limiter.ts";
import { RestClient } from "./rest.ts";
import { sendJson, sendStatus, startFakeApi, type FakeApi } from "./test-api-server.ts";

let api: FakeApi;
let stored:
  { metadata: { resourceVersion: string } & Record<string, unknown>; spec: Record<string, unknown> } | undefined;
let version = 0;
const path = "/apis/coordination.k8s.io/v1/namespaces/lifeboat/leases/lifeboat-server";

/** A one-Lease API server with resourceVersion checks, like the real one. */
before(async () => {
  api = await startFakeApi((req, res): void => {
    const body = req.body ? (JSON.parse(req.body) as NonNullable<typeof stored>) : undefined;
    if (req.method === "GET") {
      if (!stored) return sendStatus(res, 404, "NotFound");
      return sendJson(res, 200, stored);
    }
    if (req.method === "POST" && body) {
      if (stored) return sendStatus(res, 409, "AlreadyExists");
      stored = { ...body, metadata: { ...body.metadata, resourceVersion: String(++version) } };
      return sendJson(res, 201, stored);
    }
    if (req.method === "PUT" && body && stored) {
      if (body.metadata.resourceVersion !== stored.metadata.resourceVersion) return sendStatus(res, 409, "Conflict");
      stored = { ...body, metadata: { ...body.metadata, resourceVersion: String(++version) } };
      return sendJson(res, 200, stored);
    }
    sendStatus(res, 400, "BadRequest");
  });
});

after(() => api.close());

test("get/create/update round-trip the record; times travel as six-digit MicroTime strings", async () => {
  const lock = kubeLeaseLock(new RestClient(api.kc, { limiter: noRateLimit }), {
    namespace: "lifeboat",
    name: "lifeboat-server",
  });
  assert.equal(lock.description, "lifeboat/lifeboat-server");
  assert.equal(await lock.get(), undefined);
  const record = {
    holderIdentity: "a",
    leaseDurationSeconds: 15,
    acquireTime: "2025-01-01T00:00:00.040000Z",
    renewTime: "2025-01-01T00:00:00.040000Z",
    leaseTransitions: 0,
  };
  const created = await lock.create(record);
  assert.deepEqual(created.record, record);
  assert.equal(api.requests.at(-1)?.url.pathname, path.slice(0, path.lastIndexOf("/")));
  assert.match(api.requests.at(-1)?.body ?? "", /"renewTime":"2025-01-01T00:00:00\.040000Z"/);
  await assert.rejects(lock.create(record), (err) => KubeError.is(err, "AlreadyExists"));

  const read = await lock.get();
  assert.ok(read);
  const renewed = await lock.update(read, { ...record, renewTime: "2025-01-01T00:00:02.000000Z" });
  assert.equal(renewed.record.renewTime, "2025-01-01T00:00:02.000000Z");
  assert.equal(
    (JSON.parse(api.requests.at(-1)?.body ?? "{}") as NonNullable<typeof stored>).metadata.resourceVersion,
    read.resourceVersion,
  );

  await assert.rejects(lock.update(read, record), (err) => KubeError.is(err, "Conflict"), "stale resourceVersion");
});
