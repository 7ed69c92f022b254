import { test } from "node:test";
import assert from "node:assert/strict";
import { between, clock, fields, goDuration, humanAge, humanBytes, listOr, timestamp } from "./describe-format.ts";

test("sizes use SI units with one decimal", () => {
  assert.equal(humanBytes(0), "0 B");
  assert.equal(humanBytes(999), "999 B");
  assert.equal(humanBytes(12_345_678), "12.3 MB");
  assert.equal(humanBytes(1_500_000_000_000), "1.5 TB");
});

test("the elapsed clock is mm:ss, then h:mm:ss", () => {
  assert.equal(clock(42_900), "00:42");
  assert.equal(clock(3_599_000), "59:59");
  assert.equal(clock(3_723_000), "1:02:03");
});

test("durations print like Go's", () => {
  assert.equal(goDuration(0), "0s");
  assert.equal(goDuration(42_400), "42s");
  assert.equal(goDuration(192_000), "3m12s");
  assert.equal(goDuration(7_205_000), "2h0m5s");
});

test("ages get coarser as they grow, like kubectl's", () => {
  const s = 1000;
  assert.equal(humanAge(90 * s), "90s");
  assert.equal(humanAge(5 * 60 * s + 7 * s), "5m7s");
  assert.equal(humanAge(45 * 60 * s), "45m");
  assert.equal(humanAge(5 * 3600 * s + 30 * 60 * s), "5h30m");
  assert.equal(humanAge(30 * 3600 * s), "30h");
  assert.equal(humanAge(3 * 86400 * s + 4 * 3600 * s), "3d4h");
  assert.equal(humanAge(29 * 86400 * s + 5 * 3600 * s), "29d");
  assert.equal(humanAge(-5 * s), "0s");
});

test("timestamps print in the given zone with the offset", () => {
  assert.equal(timestamp("2025-03-01T13:05:09Z", 60), "2025-03-01 14:05:09 +0100");
  assert.equal(timestamp("2025-03-01T00:30:00Z", -150), "2025-02-28 22:00:00 -0230");
  assert.equal(timestamp(undefined), "<n/a>");
  assert.equal(timestamp("not a time"), "<n/a>");
});

test("between measures two timestamps", () => {
  assert.equal(between("2025-03-01T13:05:09Z", "2025-03-01T13:06:10Z"), 61_000);
  assert.equal(between(undefined, "2025-03-01T13:06:10Z"), undefined);
});

test("lists and aligned fields", () => {
  assert.equal(listOr(["a", "b"]), "a, b");
  assert.equal(listOr([], "*"), "*");
  assert.equal(
    fields(
      [
        ["Name", "x"],
        ["Storage Location", "default"],
      ],
      2,
    ),
    "  Name:              x\n  Storage Location:  default\n",
  );
});
