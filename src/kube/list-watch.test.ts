import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { ServerResponse } from "node:http";
import type { V1ConfigMap } from "@kubernetes/client-node";
import { KubeError } from "./errors.ts";
import { restListWatch, type WatchEvent } from "./list-watch.ts";
import { noRateLimit } from "./rate-limiter.ts";
import { RestClient } from "./rest.ts";
import { sendJson, sendStatus, startFakeApi, type FakeApi, type RecordedRequest } from "./test-api-server.ts";

let api: FakeApi;
let rest: RestClient;
const path = "/api/v1/namespaces/ns/configmaps";

function cm(name: string, rv: string): V1ConfigMap {
  return { metadata: { name, namespace: "ns", resourceVersion: rv } };
}

function watch(req: RecordedRequest, res: ServerResponse): void {
  const rv = req.url.searchParams.get("resourceVersion");
  if (rv === "expired") return sendStatus(res, 410, "Expired", "too old resource version");
  res.writeHead(200, { "content-type": "application/json" });
  if (rv === "error-event") {
    res.end(
      JSON.stringify({ type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired", message: "gone" } }) +
        "\n",
    );
    return;
  }
  res.write(JSON.stringify({ type: "ADDED", object: { kind: "ConfigMap", ...cm("c", "11") } }) + "\n");
  res.write(JSON.stringify({ type: "MODIFIED", object: { kind: "ConfigMap", ...cm("c", "12") } }) + "\n");
  res.end(
    JSON.stringify({ type: "BOOKMARK", object: { kind: "ConfigMap", metadata: { resourceVersion: "13" } } }) + "\n",
  );
}

before(async () => {
  api = await startFakeApi((req, res) => {
    if (req.url.searchParams.get("watch") === "true") return watch(req, res);
    const page = req.url.searchParams.get("continue");
    const items = page ? [cm("b", "8")] : [cm("a", "7")];
    sendJson(res, 200, {
      kind: "ConfigMapList",
      apiVersion: "v1",
      metadata: { resourceVersion: "10", continue: page ? undefined : "next" },
      items,
    });
  });
  rest = new RestClient(api.kc, { limiter: noRateLimit });
});

after(() => api.close());

test("list pages carry limit/continue and selectors; items get apiVersion and kind", async () => {
  const source = restListWatch<V1ConfigMap>(rest, path, { labelSelector: "app=x" });
  const first = await source.list({ limit: 1 });
  assert.equal(first.continue, "next");
  assert.equal(first.resourceVersion, "10");
  assert.deepEqual(first.items[0], { ...cm("a", "7"), apiVersion: "v1", kind: "ConfigMap" });
  const q = api.requests.at(-1)?.url.searchParams;
  assert.equal(q?.get("limit"), "1");
  assert.equal(q?.get("labelSelector"), "app=x");
  const second = await source.list({ limit: 1, continue: "next" });
  assert.equal(api.requests.at(-1)?.url.searchParams.get("continue"), "next");
  assert.equal(second.items[0]?.metadata?.name, "b");
  assert.equal(second.continue, undefined);
});

test("watch streams events in order and resolves when the server ends the stream", async () => {
  const source = restListWatch<V1ConfigMap>(rest, path, { watchTimeoutSeconds: () => 42 });
  const events: Array<WatchEvent<V1ConfigMap>> = [];
  await source.watch({ resourceVersion: "10", onEvent: (e) => events.push(e) });
  assert.deepEqual(
    events.map((e) => [e.type, e.object.metadata?.resourceVersion]),
    [
      ["ADDED", "11"],
      ["MODIFIED", "12"],
      ["BOOKMARK", "13"],
    ],
  );
  const q = api.requests.at(-1)?.url.searchParams;
  assert.equal(q?.get("resourceVersion"), "10");
  assert.equal(q?.get("allowWatchBookmarks"), "true");
  assert.equal(q?.get("timeoutSeconds"), "42");
});

test("an expired resourceVersion is Gone, as HTTP 410 or as a watch ERROR event", async () => {
  const source = restListWatch<V1ConfigMap>(rest, path);
  const onEvent = (): void => undefined;
  await assert.rejects(source.watch({ resourceVersion: "expired", onEvent }), (err) => KubeError.is(err, "Gone"));
  await assert.rejects(source.watch({ resourceVersion: "error-event", onEvent }), (err) => KubeError.is(err, "Gone"));
});
