import { test } from "node:test";
import assert from "node:assert/strict";
import { microTime, parseMicroTime } from "./micro-time.ts";

test("MicroTime has six fractional digits and round-trips", () => {
  const ms = Date.UTC(2025, 4, 6, 7, 8, 9, 40);
  assert.equal(microTime(ms), "2025-05-06T07:08:09.040000Z");
  assert.equal(parseMicroTime(microTime(ms)), ms);
  assert.equal(parseMicroTime("2025-05-06T07:08:09.040123Z"), ms);
  assert.equal(parseMicroTime(undefined), undefined);
  assert.equal(parseMicroTime("nonsense"), undefined);
});
