import { test } from "node:test";
import assert from "node:assert/strict";
import { kubeTable } from "./table.ts";

test("columns are padded to the widest cell and separated by three spaces", () => {
  const out = kubeTable(
    ["NAME", "STATUS"],
    [
      ["nightly-20250301", "Completed"],
      ["a", "Failed"],
    ],
  );
  assert.equal(out, "NAME               STATUS\nnightly-20250301   Completed\na                  Failed\n");
});
