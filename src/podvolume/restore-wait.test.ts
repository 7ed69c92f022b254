import { test } from "node:test";
import assert from "node:assert/strict";
import { parseRestoreWait, restoreWaitContainer } from "./restore-wait.ts";

test("the container runs lifeboat restore-helper with the uid and mounts each volume under /restores", () => {
  const c = restoreWaitContainer({ image: "lifeboat:1", restoreUid: "uid-1", volumes: ["data", "logs"] });
  assert.equal(c.name, "restore-wait");
  assert.deepEqual(c.command, ["lifeboat", "restore-helper"]);
  assert.deepEqual(c.args, ["uid-1"]);
  assert.deepEqual(c.volumeMounts, [
    { name: "data", mountPath: "/restores/data" },
    { name: "logs", mountPath: "/restores/logs" },
  ]);
});

test("parseRestoreWait reads back what restoreWaitContainer builds", () => {
  const c = restoreWaitContainer({ image: "lifeboat:1", restoreUid: "uid-1", volumes: ["data", "logs"] });
  assert.deepEqual(parseRestoreWait(c), {
    restoreUid: "uid-1",
    restoresDir: "/restores",
    mounts: [
      { volume: "data", dir: "data" },
      { volume: "logs", dir: "logs" },
    ],
  });
});

test("parseRestoreWait honours flags before the uid and another restores folder", () => {
  const parsed = parseRestoreWait({
    name: "restore-wait",
    command: ["/usr/bin/lifeboat"],
    args: ["restore-helper", "--poll", "2s", "--restores-dir=/mnt/r/", "uid-2"],
    volumeMounts: [
      { name: "pvc-vol", mountPath: "/mnt/r/data" },
      { name: "other", mountPath: "/elsewhere/x" },
    ],
  });
  assert.deepEqual(parsed, {
    restoreUid: "uid-2",
    restoresDir: "/mnt/r",
    mounts: [{ volume: "pvc-vol", dir: "data" }],
  });
});

test("other init containers are not restore-wait", () => {
  assert.equal(parseRestoreWait({ name: "init-db", command: ["lifeboat", "restore-helper", "u"] }), undefined);
  assert.equal(parseRestoreWait({ name: "restore-wait", command: ["sh", "-c", "sleep 1"] }), undefined);
  assert.equal(parseRestoreWait({ name: "restore-wait", command: ["lifeboat", "restore-helper"] }), undefined);
});
