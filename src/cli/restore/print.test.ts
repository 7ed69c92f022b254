import { test } from "node:test";
import assert from "node:assert/strict";
import type { Restore } from "../../api/restore.ts";
import { restoreColumns, restoreRow } from "./print.ts";
import { describeRestore } from "./describe-text.ts";

const restore: Restore = {
  apiVersion: "lifeboat.dev/v1",
  kind: "Restore",
  metadata: { name: "r1", namespace: "lifeboat", creationTimestamp: "2025-03-01T10:00:00Z" as unknown as Date },
  spec: { backupName: "nightly", namespaceMapping: { shop: "shop-copy" }, existingResourcePolicy: "update" },
  status: {
    phase: "PartiallyFailed",
    startTimestamp: "2025-03-01T10:00:01Z",
    completionTimestamp: "2025-03-01T10:00:43Z",
    progress: { totalItems: 40, itemsRestored: 39 },
    errors: 1,
    warnings: 2,
  },
};

test("the restore table has Velero's columns", () => {
  assert.deepEqual(restoreColumns, [
    "NAME",
    "BACKUP",
    "STATUS",
    "STARTED",
    "COMPLETED",
    "ERRORS",
    "WARNINGS",
    "CREATED",
    "SELECTOR",
  ]);
  assert.deepEqual(restoreRow(restore, 0), [
    "r1",
    "nightly",
    "PartiallyFailed",
    "2025-03-01 10:00:01 +0000",
    "2025-03-01 10:00:43 +0000",
    "1",
    "2",
    "2025-03-01 10:00:00 +0000",
    "<none>",
  ]);
});

test("describe shows the source, mappings, counts and the per-namespace results", () => {
  const text = describeRestore(restore, {
    offsetMinutes: 0,
    details: {
      results: {
        errors: { lifeboat: [], cluster: [], namespaces: { "shop-copy": ["service web: port taken"] } },
        warnings: { lifeboat: ["slow"], cluster: [], namespaces: {} },
      },
    },
  });
  for (const line of [
    "Phase:  PartiallyFailed",
    "Backup:  nightly",
    "Namespace mappings:",
    "  shop -> shop-copy",
    "Existing resource policy:  update",
    "Duration:   42s",
    "Total items to be restored:  40",
    "Items restored:              39",
    "    shop-copy:  service web: port taken",
    "  Lifeboat:    slow",
  ]) {
    assert.ok(text.split("\n").includes(line), `missing line ${JSON.stringify(line)} in\n${text}`);
  }
});

test("without fetched results describe points to --details when there are errors", () => {
  assert.match(
    describeRestore(restore, { offsetMinutes: 0 }),
    /Errors and warnings: {2}<run 'lifeboat restore describe r1 --details' to see them>/,
  );
});
