/** ProgressReporter: estimates from list pages, exact totals at the end, at most one report a second. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ProgressReporter } from "./progress.ts";
import type { BackupProgress } from "./request.ts";

test("the total counts what lists still hold, and is exact once they are done", () => {
  const p = new ProgressReporter(undefined, () => new Date(0));
  const list = p.list();
  list.page(500, 1500);
  assert.equal(p.totalItems, 2000);
  for (let i = 0; i < 500; i++) {
    list.seen();
    if (i % 2 === 0) {
      p.accepted();
      p.backedUp();
    }
  }
  // 250 accepted (half were filtered out) + 1500 still to come.
  assert.equal(p.totalItems, 1750);
  list.page(500, 1000);
  assert.equal(p.totalItems, 250 + 1500);
  list.done();
  assert.equal(p.totalItems, 250);
  assert.equal(p.itemsBackedUp, 250);
});

test("a page without remainingItemCount counts its own items", () => {
  const p = new ProgressReporter(undefined, () => new Date(0));
  const list = p.list();
  list.page(3, undefined);
  assert.equal(p.totalItems, 3);
  list.seen();
  p.accepted();
  assert.equal(p.totalItems, 3);
});

test("reports at most once a second, and flush always reports", () => {
  let now = 0;
  const reports: BackupProgress[] = [];
  const p = new ProgressReporter(
    (r) => reports.push(r),
    () => new Date(now),
  );
  for (let i = 0; i < 1000; i++) p.accepted();
  assert.equal(reports.length, 1, "the first change reports at once");
  now = 999;
  for (let i = 0; i < 900; i++) p.backedUp();
  assert.equal(reports.length, 1, "not again within the second");
  now = 1000;
  for (let i = 0; i < 64; i++) p.backedUp();
  assert.equal(reports.length, 2);
  // The clock is read every 64 changes, so the report lands within 64 items of the second.
  assert.equal(reports[1]?.totalItems, 1000);
  assert.ok((reports[1]?.itemsBackedUp ?? 0) > 900, `reported at ${reports[1]?.itemsBackedUp}`);
  assert.deepEqual(p.flush(), { totalItems: 1000, itemsBackedUp: 964 });
  assert.equal(reports.length, 3);
});
