import { test } from "node:test";
import assert from "node:assert/strict";
import { summary } from "./run-wait.ts";

test("a completed run reports counts and duration, and the hints", () => {
  const text = summary(
    "backup",
    "nightly",
    { phase: "Completed", startTimestamp: "2025-03-01T10:00:00Z", completionTimestamp: "2025-03-01T10:00:42Z" },
    "1234 items, 12.3 MB",
  );
  assert.equal(
    text,
    'Backup "nightly" Completed: 1234 items, 12.3 MB, in 42s.\n' +
      "Run 'lifeboat backup describe nightly' or 'lifeboat backup logs nightly' for more details.\n",
  );
});

test("failed runs carry their errors, reason and validation problems", () => {
  const text = summary(
    "restore",
    "r1",
    {
      phase: "FailedValidation",
      errors: 2,
      warnings: 1,
      failureReason: "bucket gone",
      validationErrors: ["spec.backupName is empty"],
    },
    "0 items",
  );
  assert.match(text, /^Restore "r1" FailedValidation: 0 items, 2 errors, 1 warnings\.\n/);
  assert.match(text, /Failure reason: bucket gone\n {2}- spec\.backupName is empty\n/);
  assert.match(text, /lifeboat restore logs r1/);
});
