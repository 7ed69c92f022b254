import { test } from "node:test";
import assert from "node:assert/strict";
import { ProgressReporter } from "./progress.ts";

test("at most one report a second, and the final numbers at the end", () => {
  let ms = 0;
  const heard: number[] = [];
  const reporter = new ProgressReporter(
    (p) => heard.push(p.itemsRestored),
    () => new Date(ms),
  );
  for (let i = 1; i <= 30; i++) {
    ms += 100;
    reporter.update({ totalItems: 30, itemsRestored: i });
  }
  reporter.finish();
  assert.deepEqual(heard, [1, 11, 21, 30]);
  assert.deepEqual(reporter.current, { totalItems: 30, itemsRestored: 30 });
});
