/** Tests of the /proc readers the benchmark uses for peak memory and listening addresses. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { test } from "node:test";
import { beyondLoopback, decodeAddress, descendants, listeningAddresses, RssSampler } from "./process-stats.ts";

test("decodeAddress reads /proc/net/tcp's little-endian IPv4 and IPv6 forms", () => {
  assert.equal(decodeAddress("0100007F:1F90"), "127.0.0.1:8080");
  assert.equal(decodeAddress("00000000:1F90"), "0.0.0.0:8080");
  assert.equal(decodeAddress(`${"0".repeat(32)}:0050`), "[::]:80");
  assert.equal(decodeAddress("00000000000000000000000001000000:0050"), "[::1]:80");
});

test("beyondLoopback flags wildcard and external addresses only", () => {
  assert.deepEqual(beyondLoopback(["127.0.0.1:1", "127.0.0.2:2", "[::1]:3", "0.0.0.0:4", "[::]:5", "10.0.0.1:6"]), [
    "0.0.0.0:4",
    "[::]:5",
    "10.0.0.1:6",
  ]);
});

test("listeningAddresses finds a listener this process opened on loopback", async () => {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  assert.ok(address && typeof address === "object");
  try {
    assert.ok(listeningAddresses(process.pid).includes(`127.0.0.1:${address.port}`));
  } finally {
    server.close();
  }
});

test("RssSampler reports the peak of the process and of its children", async () => {
  const child = spawn("sleep", ["2"]);
  await once(child, "spawn");
  try {
    assert.ok(descendants(process.pid).includes(child.pid as number));
    const peak = new RssSampler(process.pid, 50).stop();
    assert.ok(peak.serverMiB > 10, `node's own peak RSS should be well above 10 MiB, got ${peak.serverMiB}`);
    assert.ok(peak.childMiB > 0, "the sleeping child should have a resident set");
  } finally {
    child.kill();
  }
});
