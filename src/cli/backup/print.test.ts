import { test } from "node:test";
import assert from "node:assert/strict";
import type { Backup } from "../../api/backup.ts";
import { backupColumns, backupRow, backupTable } from "./print.ts";

const now = Date.parse("2025-03-02T12:00:00Z");

function backup(name: string, extra: Partial<Backup> = {}): Backup {
  return {
    apiVersion: "lifeboat.dev/v1",
    kind: "Backup",
    metadata: { name, creationTimestamp: "2025-03-01T10:00:00Z" as unknown as Date },
    spec: {},
    ...extra,
  };
}

test("the table has Velero's columns", () => {
  assert.deepEqual(backupColumns, [
    "NAME",
    "STATUS",
    "ERRORS",
    "WARNINGS",
    "CREATED",
    "EXPIRES",
    "STORAGE LOCATION",
    "SELECTOR",
  ]);
  const header = backupTable([], now, 0).split("\n")[0];
  assert.equal(header, "NAME   STATUS   ERRORS   WARNINGS   CREATED   EXPIRES   STORAGE LOCATION   SELECTOR");
});

test("a row shows phase, counts, times, location and selector", () => {
  const b = backup("nightly", {
    spec: { storageLocation: "minio", labelSelector: { matchLabels: { app: "db" } } },
    status: { phase: "PartiallyFailed", errors: 2, warnings: 5, expiration: "2025-03-31T12:00:00Z" },
  });
  assert.deepEqual(backupRow(b, now, 0), [
    "nightly",
    "PartiallyFailed",
    "2",
    "5",
    "2025-03-01 10:00:00 +0000",
    "29d",
    "minio",
    "app=db",
  ]);
});

test("new, expired, deleting and or-selector rows", () => {
  assert.deepEqual(backupRow(backup("a"), now, 0).slice(1, 8), [
    "New",
    "0",
    "0",
    "2025-03-01 10:00:00 +0000",
    "<n/a>",
    "",
    "<none>",
  ]);
  const expired = backup("b", { status: { phase: "Completed", expiration: "2025-03-01T00:00:00Z" } });
  assert.equal(backupRow(expired, now, 0)[5], "expired");
  const deleting = backup("c", { status: { phase: "Completed" } });
  deleting.metadata.deletionTimestamp = "2025-03-02T11:00:00Z" as unknown as Date;
  assert.equal(backupRow(deleting, now, 0)[1], "Deleting");
  const or = backup("d", { spec: { orLabelSelectors: [{ matchLabels: { a: "1" } }, { matchLabels: { b: "2" } }] } });
  assert.equal(backupRow(or, now, 0)[7], "a=1 or b=2");
});
