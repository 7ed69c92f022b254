import { afterEach, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { V1Pod } from "@kubernetes/client-node";
import { restoreWaitContainer } from "../../../src/podvolume/restore-wait.ts";
import { writeDoneMarker, writeFailureMarker } from "../../../src/restore-helper.ts";
import { restoresView, restoreWaitRunner } from "./restore-wait-runner.ts";

const restoreUid = "0b6e1f34-8c2a-4f5e-9d71-3a2b1c0d9e8f";
let root: string;
let volumes: Map<string, string>;
let logs: string[];

const wait = restoreWaitContainer({ image: "lifeboat", restoreUid, volumes: ["data", "logs"] });
const pod: V1Pod = {
  metadata: { name: "db-0", namespace: "shop", uid: "pod-uid-1" },
  spec: { containers: [{ name: "db", image: "db" }], initContainers: [wait] },
};

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "lifeboat-restore-wait-"));
  volumes = new Map([
    ["data", path.join(root, "pv-data")],
    ["logs", path.join(root, "empty-dir-logs")],
  ]);
  for (const dir of volumes.values()) await mkdir(dir, { recursive: true });
  await writeFile(path.join(root, "pv-data", "db.dat"), "restored data");
  logs = [];
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

test("restore-wait waits until both volumes have their markers, then removes them", async () => {
  const run = restoreWaitRunner(root, (m) => logs.push(m));
  assert.equal(await run(pod, wait, volumes), "waiting");
  assert.match(logs.at(-1) ?? "", /waiting for data, logs/);
  await writeDoneMarker(path.join(root, "pv-data"), restoreUid);
  assert.equal(await run(pod, wait, volumes), "waiting");
  await writeDoneMarker(path.join(root, "empty-dir-logs"), restoreUid);
  assert.equal(await run(pod, wait, volumes), "done");
  assert.equal(existsSync(path.join(root, "pv-data", ".lifeboat")), false);
  assert.equal(existsSync(path.join(root, "empty-dir-logs", ".lifeboat")), false);
  // the data is untouched, and the helper does not wait again once done
  assert.equal(existsSync(path.join(root, "pv-data", "db.dat")), true);
  assert.equal(await run(pod, wait, volumes), "done");
  // the container's view lives in the pod's folder
  assert.equal(existsSync(path.join(restoresView(root, "pod-uid-1", "restore-wait"), "data")), true);
});

test("a failed volume keeps the pod waiting and the reason is logged", async () => {
  const run = restoreWaitRunner(root, (m) => logs.push(m));
  await writeDoneMarker(path.join(root, "pv-data"), restoreUid);
  await writeFailureMarker(path.join(root, "empty-dir-logs"), restoreUid, "Failed: snapshot not found");
  assert.equal(await run(pod, wait, volumes), "waiting");
  assert.match(logs.join("\n"), /logs failed \(Failed: snapshot not found\)/);
});

test("a mounted volume without a folder yet keeps the pod waiting", async () => {
  const run = restoreWaitRunner(root, (m) => logs.push(m));
  assert.equal(await run(pod, wait, new Map([["data", path.join(root, "pv-data")]])), "waiting");
  assert.match(logs.at(-1) ?? "", /"logs", which has no folder/);
});

test("other init containers complete at once", async () => {
  const run = restoreWaitRunner(root, (m) => logs.push(m));
  assert.equal(await run(pod, { name: "migrate", image: "x", command: ["sh"] }, volumes), "done");
});
