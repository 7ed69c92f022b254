import { test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { confirm } from "./confirm.ts";

function io(isTTY: boolean, answer?: string) {
  const input = new PassThrough() as PassThrough & { isTTY?: boolean };
  input.isTTY = isTTY;
  if (answer !== undefined) input.end(answer);
  return { input, output: new PassThrough() };
}

test("--confirm skips the question", async () => {
  assert.equal(await confirm("Delete?", true, io(false)), true);
});

test("without a terminal the command refuses and names --confirm", async () => {
  await assert.rejects(
    confirm("Delete backup x?", undefined, io(false)),
    /--confirm: required when stdin is not a terminal/,
  );
});

test("on a terminal only y or yes means yes", async () => {
  assert.equal(await confirm("Delete?", undefined, io(true, "yes\n")), true);
  assert.equal(await confirm("Delete?", undefined, io(true, "Y\n")), true);
  assert.equal(await confirm("Delete?", undefined, io(true, "\n")), false);
  assert.equal(await confirm("Delete?", undefined, io(true, "nope\n")), false);
});
