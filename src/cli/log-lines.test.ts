import { test } from "node:test";
import assert from "node:assert/strict";
import { formatLog, formatLogLine } from "./log-lines.ts";

test("a JSON line becomes time, level, message and key=value fields", () => {
  const line = JSON.stringify({
    level: "warn",
    time: "2025-03-01T13:05:09.000Z",
    msg: "skipped item",
    namespace: "shop",
    reason: "has space",
    count: 3,
    item: { kind: "Pod" },
  });
  assert.equal(
    formatLogLine(line),
    '2025-03-01T13:05:09.000Z warn  skipped item namespace=shop reason="has space" count=3 item="{\\"kind\\":\\"Pod\\"}"',
  );
});

test("lines that are not JSON objects pass through; blank lines are dropped", () => {
  assert.equal(
    formatLog('plain text\n\n[1,2]\n{"level":"info","time":"t","msg":"ok"}\n'),
    "plain text\n[1,2]\nt info  ok\n",
  );
});
