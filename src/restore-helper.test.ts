import { afterEach, beforeEach, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  markerPath,
  markersDone,
  removeMarkers,
  waitForMarkers,
  writeDoneMarker,
  writeFailureMarker,
  type MarkerState,
} from "./restore-helper.ts";

const uid = "3f0c7a9e-6b1d-4d43-9a51-0f4a1c2b7e11";
let root: string;
let restores: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "lifeboat-restore-helper-"));
  restores = path.join(root, "restores");
  await mkdir(path.join(restores, "data"), { recursive: true });
  // a volume mounted from elsewhere: the fake kubelet's view is a symlink, a real one a mount
  await mkdir(path.join(root, "pv-logs"), { recursive: true });
  await symlink(path.join(root, "pv-logs"), path.join(restores, "logs"));
  await writeFile(path.join(restores, "not-a-volume.txt"), "ignored");
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

test("waits for every volume until each has its marker", async () => {
  assert.deepEqual(await markersDone(restores, uid), { done: false, waitingFor: ["data", "logs"], failed: [] });
  await writeDoneMarker(path.join(restores, "data"), uid);
  assert.deepEqual(await markersDone(restores, uid), { done: false, waitingFor: ["logs"], failed: [] });
  await writeDoneMarker(path.join(root, "pv-logs"), uid);
  assert.deepEqual(await markersDone(restores, uid), { done: true, waitingFor: [], failed: [] });
});

test("a marker of another restore does not count", async () => {
  await writeDoneMarker(path.join(restores, "data"), "other-uid");
  await writeDoneMarker(path.join(restores, "logs"), uid);
  assert.deepEqual((await markersDone(restores, uid)).waitingFor, ["data"]);
});

test("a failure marker stops the wait with the reason", async () => {
  await writeDoneMarker(path.join(restores, "data"), uid);
  await writeFailureMarker(path.join(restores, "logs"), uid, "snapshot 1234abcd not found");
  const state = await markersDone(restores, uid);
  assert.equal(state.done, false);
  assert.deepEqual(state.failed, [{ volume: "logs", message: "snapshot 1234abcd not found" }]);
  assert.deepEqual(state.waitingFor, []);
});

test("removeMarkers removes this restore's markers and empty .lifeboat folders only", async () => {
  await writeDoneMarker(path.join(restores, "data"), uid);
  await writeDoneMarker(path.join(restores, "logs"), uid);
  await writeDoneMarker(path.join(restores, "logs"), "other-uid");
  await writeFailureMarker(path.join(restores, "data"), uid, "an earlier attempt failed");
  assert.deepEqual(await removeMarkers(restores, uid), []);
  assert.equal(existsSync(path.join(restores, "data", ".lifeboat")), false);
  assert.deepEqual(await readdir(path.join(root, "pv-logs", ".lifeboat")), ["other-uid"]);
  // the user's files are untouched
  assert.equal(existsSync(path.join(restores, "not-a-volume.txt")), true);
});

test("a missing restores folder is a clear error", async () => {
  await assert.rejects(markersDone(path.join(root, "nope"), uid), /mount each restored volume at/);
});

test("a restore uid that is not a uid is refused", () => {
  assert.throws(() => markerPath(restores, "../../etc"), /is not a uid/);
  assert.throws(() => markerPath(restores, ""), /is not a uid/);
});

test("waitForMarkers polls, reports while waiting, then removes the markers", async () => {
  let polls = 0;
  let clock = 0;
  const reports: MarkerState[] = [];
  const state = await waitForMarkers({
    restoresDir: restores,
    restoreUid: uid,
    pollMs: 1000,
    reportEveryMs: 10_000,
    report: (s) => reports.push(s),
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
      polls++;
      if (polls === 5) await writeDoneMarker(path.join(restores, "data"), uid);
      if (polls === 25) await writeDoneMarker(path.join(restores, "logs"), uid);
    },
  });
  assert.equal(state.done, true);
  assert.equal(polls, 25);
  // at 0 s, 10 s and 20 s
  assert.equal(reports.length, 3);
  assert.deepEqual(reports[0]?.waitingFor, ["data", "logs"]);
  assert.deepEqual(reports[2]?.waitingFor, ["logs"]);
  assert.equal(existsSync(markerPath(path.join(restores, "data"), uid)), false);
});

test("waitForMarkers returns at once on a failure, leaving the markers for a person to see", async () => {
  await writeFailureMarker(path.join(restores, "data"), uid, "disk full");
  const state = await waitForMarkers({
    restoresDir: restores,
    restoreUid: uid,
    pollMs: 1000,
    reportEveryMs: 10_000,
    report: () => undefined,
    sleep: () => Promise.reject(new Error("must not sleep")),
  });
  assert.deepEqual(state.failed, [{ volume: "data", message: "disk full" }]);
  assert.equal(existsSync(path.join(restores, "data", ".lifeboat", `${uid}.failed`)), true);
});
