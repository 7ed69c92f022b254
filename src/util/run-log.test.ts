import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ResultsCollector } from "./results.ts";
import { RunLog } from "./run-log.ts";

test("lines are JSON with level, time, message and fields; scoped problems are counted", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "run-log-"));
  const results = new ResultsCollector();
  const echoed: string[] = [];
  const record = (obj: object, msg: string) => echoed.push(`${msg} ${JSON.stringify(obj)}`);
  const log = new RunLog({
    file: path.join(dir, "log.jsonl"),
    results,
    echo: { debug: record, info: record, warn: record, error: record },
    now: () => new Date("2026-11-25T10:00:00.000Z"),
  });
  log.info("backing up", { resource: "pods", namespace: "couchdb" });
  log.warn("skipped", {}, { namespace: "couchdb" });
  log.error("failed", { item: "pv-1" }, "cluster");
  const lines = log
    .text()
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(lines[0], {
    level: "info",
    time: "2026-11-25T10:00:00.000Z",
    msg: "backing up",
    resource: "pods",
    namespace: "couchdb",
  });
  assert.equal(lines.length, 3);
  assert.equal(results.warningCount, 1);
  assert.equal(results.errorCount, 1);
  assert.equal(echoed.length, 3);
  log.dispose();
  log.info("after close is ignored");
});
