import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { CoreV1Api } from "@kubernetes/client-node";
import { ManualClock } from "./clock.ts";
import { defaultUserAgent, makeApiClient } from "./client.ts";
import { TokenBucket } from "./rate-limiter.ts";
import { eventually, sendJson, startFakeApi, type FakeApi } from "./test-api-server.ts";

let api: FakeApi;

before(async () => {
  api = await startFakeApi((_req, res) => sendJson(res, 200, { kind: "NamespaceList", apiVersion: "v1", items: [] }));
});

after(() => api.close());

test("the rate limit middleware holds requests back until the limiter grants a token", async () => {
  const clock = new ManualClock();
  const limiter = new TokenBucket({ qps: 1, burst: 1, clock });
  const core = makeApiClient(api.kc, CoreV1Api, { limiter });
  const base = api.requests.length;
  const sent = () => api.requests.length - base;
  const calls = [core.listNamespace(), core.listNamespace(), core.listNamespace()];

  await eventually(() => sent() === 1, 5000, "the first request");
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(sent(), 1, "the second request waits for a token");

  await clock.advance(1000);
  await eventually(() => sent() === 2, 5000, "the second request");
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(sent(), 2);

  await clock.advance(1000);
  await eventually(() => sent() === 3, 5000, "the third request");
  const lists = await Promise.all(calls);
  assert.equal(lists.length, 3);
});

test("requests carry Lifeboat's User-Agent and the kubeconfig's credentials", async () => {
  const core = makeApiClient(api.kc, CoreV1Api);
  await core.listNamespace();
  const last = api.requests.at(-1);
  assert.equal(last?.headers["user-agent"], defaultUserAgent);
  assert.equal(last?.headers.authorization, "Bearer fake-token");
});
