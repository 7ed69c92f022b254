/** The /metrics and /healthz listener, on a real loopback port. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Counter, Registry } from "prom-client";
import { serveMetrics } from "./metrics-server.ts";

test("serves the registry at /metrics, readiness at /healthz and 404 elsewhere", async () => {
  const registry = new Registry();
  new Counter({ name: "lifeboat_test_total", help: "a test counter", registers: [registry] }).inc(3);
  let ready = false;
  const server = await serveMetrics("127.0.0.1:0", registry, { ready: () => ready, notReadyReason: "not leading" });
  assert.ok(server);
  try {
    const address = server.address();
    assert.ok(address && typeof address === "object");
    const base = `http://127.0.0.1:${address.port}`;
    const metrics = await fetch(`${base}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(await metrics.text(), /^lifeboat_test_total 3$/m);
    const notReady = await fetch(`${base}/healthz`);
    assert.equal(notReady.status, 503);
    assert.equal(await notReady.text(), "not leading\n");
    ready = true;
    const healthy = await fetch(`${base}/healthz`);
    assert.equal(healthy.status, 200);
    assert.equal(await healthy.text(), "ok\n");
    assert.equal((await fetch(`${base}/other`)).status, 404);
  } finally {
    server.close();
  }
});

test("an empty address turns the listener off", async () => {
  assert.equal(await serveMetrics("", new Registry(), { ready: () => true, notReadyReason: "starting" }), undefined);
});
