import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ManualClock } from "./clock.ts";
import { KubeError } from "./errors.ts";
import { TokenBucket } from "./rate-limiter.ts";
import { RestClient } from "./rest.ts";
import { eventually, sendJson, sendStatus, startFakeApi, type FakeApi } from "./test-api-server.ts";

let api: FakeApi;

before(async () => {
  api = await startFakeApi((req, res): void => {
    const path = req.url.pathname;
    if (path === "/missing") return sendStatus(res, 404, "NotFound", 'leases "x" not found');
    if (path === "/stale") return sendStatus(res, 409, "Conflict", "the object has been modified");
    if (path === "/exists") return sendStatus(res, 409, "AlreadyExists", "already exists");
    if (path === "/broken") {
      res.writeHead(500);
      res.end("oops");
      return;
    }
    sendJson(res, 200, { echo: req.body ? (JSON.parse(req.body) as unknown) : null, query: req.url.search });
  });
});

after(() => api.close());

test("bodies are sent exactly as given (MicroTime strings keep six digits)", async () => {
  const rest = new RestClient(api.kc);
  const body = { spec: { renewTime: "2025-01-01T00:00:00.040000Z" } };
  const answer = await rest.put<{ echo: unknown }>("/apis/x", body);
  assert.deepEqual(answer.echo, body);
  const sent = api.requests.at(-1);
  assert.equal(sent?.method, "PUT");
  assert.equal(sent?.headers["content-type"], "application/json");
  assert.match(sent?.body ?? "", /"2025-01-01T00:00:00\.040000Z"/);
});

test("patch defaults to a merge patch; query values are encoded, undefined ones dropped", async () => {
  const rest = new RestClient(api.kc);
  await rest.patch("/apis/x", { a: 1 });
  assert.equal(api.requests.at(-1)?.headers["content-type"], "application/merge-patch+json");
  const got = await rest.get<{ query: string }>("/apis/x", {
    query: { labelSelector: "a=b", limit: 5, skip: undefined },
  });
  assert.equal(got.query, "?labelSelector=a%3Db&limit=5");
});

test("error responses become KubeErrors classified from their Status", async () => {
  const rest = new RestClient(api.kc);
  await assert.rejects(rest.get("/missing"), (err) => KubeError.is(err, "NotFound") && /not found/.test(err.message));
  await assert.rejects(rest.put("/stale", {}), (err) => KubeError.is(err, "Conflict"));
  await assert.rejects(rest.post("/exists", {}), (err) => KubeError.is(err, "AlreadyExists"));
  await assert.rejects(rest.get("/broken"), (err) => KubeError.is(err, "ServerError") && err.status === 500);
});

test("a connection refused is a Network error", async () => {
  const other = await startFakeApi(() => undefined);
  await other.close();
  const rest = new RestClient(other.kc);
  await assert.rejects(rest.get("/x"), (err) => KubeError.is(err, "Network"));
});

test("raw requests share the rate limiter", async () => {
  const clock = new ManualClock();
  const rest = new RestClient(api.kc, { limiter: new TokenBucket({ qps: 2, burst: 1, clock }) });
  const base = api.requests.length;
  const calls = [rest.get("/a"), rest.get("/b")];
  await eventually(() => api.requests.length - base === 1);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(api.requests.length - base, 1);
  await clock.advance(500);
  await Promise.all(calls);
  assert.equal(api.requests.length - base, 2);
});
