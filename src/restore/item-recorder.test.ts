import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ItemRecorder } from "./item-recorder.ts";

test("counts, a bounded list, every item in the file and Velero's resource list", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "lifeboat-recorder-"));
  try {
    const recorder = new ItemRecorder(path.join(dir, "items.jsonl"), 2);
    recorder.record({ groupResource: "configmaps", namespace: "b", name: "z", action: "created" }, "v1/ConfigMap");
    recorder.record(
      { groupResource: "configmaps", namespace: "a", name: "y", action: "skipped", reason: "same" },
      "v1/ConfigMap",
    );
    recorder.record({ groupResource: "persistentvolumes", name: "pv-1", action: "failed" }, "v1/PersistentVolume");
    recorder.flush();
    assert.deepEqual(recorder.counts, { created: 1, updated: 0, skipped: 1, failed: 1 });
    assert.equal(recorder.items.length, 2);
    assert.equal(recorder.truncated, true);
    assert.equal(recorder.recorded, 3);
    const lines = (await readFile(recorder.file, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { name: string });
    assert.deepEqual(
      lines.map((l) => l.name),
      ["z", "y", "pv-1"],
    );
    assert.deepEqual(recorder.resourceList(), {
      "v1/ConfigMap": ["a/y(skipped)", "b/z(created)"],
      "v1/PersistentVolume": ["pv-1(failed)"],
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
