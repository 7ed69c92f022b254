import { test } from "node:test";
import assert from "node:assert/strict";
import { silentLog } from "../kube/log.ts";
import { CoalescingWriter } from "./status-writer.ts";

test("one write in flight; only the newest pending value is written next; failures do not stop it", async () => {
  const written: number[] = [];
  let release: () => void = () => undefined;
  const writer = new CoalescingWriter<number>(async (n) => {
    written.push(n);
    if (n === 1) await new Promise<void>((resolve) => (release = resolve));
    if (n === 4) throw new Error("conflict");
  }, silentLog);
  writer.push(1);
  writer.push(2);
  writer.push(3);
  release();
  await writer.flush();
  writer.push(4);
  writer.push(5);
  await writer.flush();
  assert.deepEqual(written, [1, 3, 4, 5]);
});
