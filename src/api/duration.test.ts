/**
 * Go durations: parsing what Go and Velero write, printing exactly as Go's Duration.String does,
 * and errors that quote the input and show a valid example.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DurationError, formatDuration, formatDurationNanos, parseDuration, parseDurationNanos } from "./duration.ts";

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

test("parses Go durations to milliseconds", () => {
  const cases: [string, number][] = [
    ["0", 0],
    ["0s", 0],
    ["24h0m0s", 24 * hour],
    ["720h", 720 * hour],
    ["1h30m", 90 * minute],
    ["90s", 90 * second],
    ["1.5h", 90 * minute],
    [".5s", 500],
    ["1m0.25s", minute + 250],
    ["500ms", 500],
    ["1500us", 1.5],
    ["2µs", 0.002],
    ["2μs", 0.002],
    ["1ns", 0.000001],
    ["-1m", -minute],
    ["+2s", 2 * second],
  ];
  for (const [input, ms] of cases) assert.equal(parseDuration(input), ms, input);
});

test("formats like Go's time.Duration.String", () => {
  const cases: [number, string][] = [
    [0, "0s"],
    [24 * hour, "24h0m0s"],
    [90 * second, "1m30s"],
    [1500, "1.5s"],
    [720 * hour, "720h0m0s"],
    [hour + 0.5, "1h0m0.0005s"],
    [500, "500ms"],
    [1.5, "1.5ms"],
    [0.25, "250µs"],
    [0.000001, "1ns"],
    [-90 * second, "-1m30s"],
    [365 * 24 * hour, "8760h0m0s"],
  ];
  for (const [ms, text] of cases) assert.equal(formatDuration(ms), text, String(ms));
  assert.equal(formatDurationNanos(3_723_000_000_007n), "1h2m3.000000007s");
});

test("format then parse gives the same value back", () => {
  for (const nanos of [1n, 999n, 1_000_001n, 59_999_999_999n, 3_600_000_000_000n, 2_592_000_123_456_789n]) {
    assert.equal(parseDurationNanos(formatDurationNanos(nanos)), nanos);
  }
});

test("bad input: a DurationError quoting the input, with an example", () => {
  for (const bad of ["", "1", "1 day", "1d", "h", "1h30", "abc", "1.5", "--1s"]) {
    assert.throws(
      () => parseDuration(bad),
      (err: unknown) => {
        assert.ok(err instanceof DurationError, bad);
        assert.equal(err.code, "InvalidDuration");
        assert.match(err.message, new RegExp(`^"${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}" is not a duration`));
        assert.match(err.message, /e\.g\. "720h0m0s"/);
        return true;
      },
    );
  }
});
