import { test } from "node:test";
import assert from "node:assert/strict";
import { RepoError } from "../errors.ts";
import { fixTime, formatGoTime, goZeroTime, localOffsetMinutes, parseGoTime } from "./time.ts";
import { goVectors } from "./testdata/load.ts";

const ns = (seconds: string | undefined, nanos: string | undefined): bigint =>
  BigInt(seconds ?? "0") * 1_000_000_000n + BigInt(nanos ?? "0");

/** Columns: unix seconds, nanoseconds, offset seconds, json.Marshal (or ERR), json.Marshal after restic's fixTime. */
test("formatGoTime and fixTime match go1.26.8 on every vector", () => {
  const rows = goVectors("time-format.txt");
  assert.ok(rows.length > 150);
  for (const [seconds, nanos, offset, plain, fixed] of rows) {
    const t = { epochNs: ns(seconds, nanos), offsetMinutes: Number(offset) / 60 };
    const label = `${seconds}s ${nanos}ns ${offset}`;
    if (plain === "ERR") {
      assert.throws(
        () => formatGoTime(t.epochNs, t.offsetMinutes),
        (e) => RepoError.is(e, "InvalidArgument"),
        label,
      );
    } else {
      assert.equal(`"${formatGoTime(t.epochNs, t.offsetMinutes)}"`, plain, label);
    }
    const f = fixTime(t);
    if (fixed === "ERR") {
      assert.throws(() => formatGoTime(f.epochNs, f.offsetMinutes), RepoError, label);
    } else {
      assert.equal(`"${formatGoTime(f.epochNs, f.offsetMinutes)}"`, fixed, label);
    }
  }
});

/** Columns: text, then unix seconds, nanoseconds, offset seconds, or ERR. */
test("parseGoTime matches go1.26.8 time.UnmarshalJSON on every vector", () => {
  for (const [text, seconds, nanos, offset] of goVectors("time-parse.txt")) {
    if (seconds === "ERR") {
      assert.throws(
        () => parseGoTime(text ?? ""),
        (e) => RepoError.is(e, "InvalidFormat"),
        text,
      );
    } else {
      assert.deepEqual(
        parseGoTime(text ?? ""),
        { epochNs: ns(seconds, nanos), offsetMinutes: Number(offset) / 60 },
        text,
      );
    }
  }
});

test("Z for every zero offset, ±hh:mm otherwise; nanoseconds trimmed", () => {
  assert.equal(formatGoTime(0n, 0), "1970-01-01T00:00:00Z");
  assert.equal(formatGoTime(1_622_548_800_250_000_000n, -150), "2021-06-01T09:30:00.25-02:30");
  assert.equal(formatGoTime(1_700_000_000_000_000_005n, 330), "2023-11-15T03:43:20.000000005+05:30");
  assert.equal(formatGoTime(0n, 0.5), "1970-01-01T00:00:30+00:00", "a non-zero offset under a minute prints +00:00");
  assert.equal(formatGoTime(-3_786_825_600_000_000_000n, 21_208 / 60), "1850-01-01T05:53:28+05:53");
});

test("round trip through text keeps instant and offset", () => {
  for (const t of [
    { epochNs: 1_795_621_731_763_992_095n, offsetMinutes: -210 },
    { epochNs: -62_167_219_200_000_000_000n, offsetMinutes: 0 },
    goZeroTime,
  ]) {
    assert.deepEqual(parseGoTime(formatGoTime(t.epochNs, t.offsetMinutes)), t);
  }
  assert.equal(formatGoTime(goZeroTime.epochNs, 0), "0001-01-01T00:00:00Z");
});

test("fixTime clamps years like restic, leap day of year 10000 rolls to March 1", () => {
  const fixed = (text: string): string => {
    const f = fixTime(parseGoTime(text));
    return formatGoTime(f.epochNs, f.offsetMinutes);
  };
  // Parse cannot produce such years, so build them from day arithmetic on a clamped time.
  const year10000 = parseGoTime("9999-12-31T23:59:59Z").epochNs + 1_000_000_000n;
  assert.equal(formatGoTime(fixTime({ epochNs: year10000, offsetMinutes: 0 }).epochNs, 0), "9999-01-01T00:00:00Z");
  assert.equal(fixed("2021-06-01T09:30:00.25-02:30"), "2021-06-01T09:30:00.25-02:30");
  const leap10000 = { epochNs: 253_407_398_400_000_000_123n, offsetMinutes: 0 };
  assert.equal(formatGoTime(fixTime(leap10000).epochNs, 0), "9999-03-01T00:00:00.000000123Z");
  const beforeYear0 = { epochNs: -62_167_219_200_000_000_001n, offsetMinutes: 0 };
  assert.equal(formatGoTime(fixTime(beforeYear0).epochNs, 0), "0000-12-31T23:59:59.999999999Z");
});

test("localOffsetMinutes follows the process TZ, seconds included", (t) => {
  const saved = process.env.TZ;
  t.after(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });
  const june2021 = 1_622_548_800_000_000_000n;
  const nov2026 = 1_795_621_731_763_992_095n;
  process.env.TZ = "UTC";
  assert.equal(localOffsetMinutes(june2021), 0);
  process.env.TZ = "America/St_Johns";
  assert.equal(localOffsetMinutes(june2021), -150);
  assert.equal(localOffsetMinutes(nov2026), -210);
  assert.equal(formatGoTime(nov2026, localOffsetMinutes(nov2026)), "2026-11-25T12:18:51.763992095-03:30");
  process.env.TZ = "Asia/Kolkata";
  assert.equal(localOffsetMinutes(june2021), 330);
  const lmt = -3_786_825_600_000_000_000n;
  assert.equal(Math.round(localOffsetMinutes(lmt) * 60), 21_208, "1850: local mean time +05:53:28");
  assert.equal(formatGoTime(lmt, localOffsetMinutes(lmt)), "1850-01-01T05:53:28+05:53");
  assert.equal(typeof localOffsetMinutes(10n ** 30n), "number", "instants beyond Date's range are clamped");
});
