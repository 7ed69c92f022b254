/**
 * Go `time.Time` as JSON (RFC 3339 with nanoseconds), the way restic stores snapshot, lock and
 * node times. A time is an instant plus the UTC offset it was recorded in; both matter, because
 * the text (and so a tree ID) shows the wall clock in that offset.
 *
 * Writing (`MarshalJSON`, without the quotes): `YYYY-MM-DDTHH:MM:SS`, then `.` and the
 * nanoseconds with trailing zeros trimmed (nothing when zero), then `Z` when the offset is zero
 * and `±hh:mm` otherwise. Go writes `Z` for every zero offset, not only for the UTC location:
 * checked with go1.26.8, `time.FixedZone("X", 0)` and Europe/London in winter both give `Z`, so
 * no "is UTC" flag is needed. An offset with seconds (historic local mean time) shifts the wall
 * clock by the whole offset but prints only the minutes, truncated toward zero. Years outside
 * 0..9999 and offsets of 24 hours or more make Go fail; so does `formatGoTime` (RepoError
 * "InvalidArgument"). restic's node encoder clamps the year first (`fixTime`); snapshots and
 * locks are written unclamped.
 *
 * Reading follows Go's `UnmarshalJSON` on the raw text between the quotes (no JSON unescaping):
 * 4-digit year, 2-digit month, day, minute, second, a 1- or 2-digit hour, an optional fraction
 * after `.` or `,` (digits past the ninth ignored), then `Z` or `±hh:mm` with hh ≤ 24, mm ≤ 60.
 * Fields are range checked (day against the month, no second 60); anything else throws
 * RepoError "InvalidFormat".
 */
import { RepoError } from "../errors.ts";

/**
 * An instant (`epochNs`, nanoseconds since 1970-01-01T00:00:00Z) and the offset east of UTC it
 * was recorded in. `offsetMinutes` may be fractional (seconds / 60) for historic offsets such
 * as India's 1850 local mean time, +05:53:28; times read back are always whole minutes.
 */
export interface GoTime {
  epochNs: bigint;
  offsetMinutes: number;
}

const nsPerSecond = 1_000_000_000n;
const nsPerDay = 86_400n * nsPerSecond;

/** Go's zero `time.Time`, 0001-01-01T00:00:00Z: what an absent time field decodes to. */
export const goZeroTime: GoTime = { epochNs: -62_135_596_800n * nsPerSecond, offsetMinutes: 0 };

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Days since 1970-01-01 of a proleptic Gregorian date; day overflow rolls into the next month. */
function daysFromCivil(year: bigint, month: number, day: number): bigint {
  const y = month <= 2 ? year - 1n : year;
  const era = floorDiv(y, 400n);
  const yearOfEra = y - era * 400n;
  const dayOfYear = BigInt(Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1);
  const dayOfEra = yearOfEra * 365n + yearOfEra / 4n - yearOfEra / 100n + dayOfYear;
  return era * 146_097n + dayOfEra - 719_468n;
}

/** The proleptic Gregorian date of a day number (inverse of daysFromCivil). */
function civilFromDays(days: bigint): { year: bigint; month: number; day: number } {
  const z = days + 719_468n;
  const era = floorDiv(z, 146_097n);
  const dayOfEra = z - era * 146_097n;
  const yearOfEra = (dayOfEra - dayOfEra / 1460n + dayOfEra / 36_524n - dayOfEra / 146_096n) / 365n;
  const dayOfYear = Number(dayOfEra - (365n * yearOfEra + yearOfEra / 4n - yearOfEra / 100n));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400n + (month <= 2 ? 1n : 0n), month, day };
}

function offsetSecondsOf(offsetMinutes: number): number {
  if (!Number.isFinite(offsetMinutes)) throw new RepoError("InvalidArgument", `time offset ${offsetMinutes}`);
  return Math.round(offsetMinutes * 60);
}

/** The wall clock of `t` in its own offset: day number and nanoseconds into that day. */
function wallClock(t: GoTime): { days: bigint; nsOfDay: bigint; offsetNs: bigint } {
  const offsetNs = BigInt(offsetSecondsOf(t.offsetMinutes)) * nsPerSecond;
  const local = t.epochNs + offsetNs;
  const days = floorDiv(local, nsPerDay);
  return { days, nsOfDay: local - days * nsPerDay, offsetNs };
}

const pad = (n: number | bigint, width: number): string => n.toString().padStart(width, "0");

function zoneText(offsetSeconds: number): string {
  if (offsetSeconds === 0) return "Z";
  const minutes = Math.trunc(offsetSeconds / 60);
  const hours = Math.floor(Math.abs(minutes) / 60);
  if (hours >= 24) throw new RepoError("InvalidArgument", "time zone hour outside of range [0,23]");
  return `${minutes < 0 ? "-" : "+"}${pad(hours, 2)}:${pad(Math.abs(minutes) % 60, 2)}`;
}

/** The RFC 3339 text (no quotes) Go's `time.Time.MarshalJSON` writes for the instant in that offset. */
export function formatGoTime(epochNs: bigint, offsetMinutes: number): string {
  const { days, nsOfDay } = wallClock({ epochNs, offsetMinutes });
  const { year, month, day } = civilFromDays(days);
  if (year < 0n || year > 9999n) throw new RepoError("InvalidArgument", "year outside of range [0,9999]");
  const seconds = nsOfDay / nsPerSecond;
  const nanos = nsOfDay % nsPerSecond;
  const fraction = nanos === 0n ? "" : `.${pad(nanos, 9).replace(/0+$/, "")}`;
  const clock = `${pad(seconds / 3600n, 2)}:${pad((seconds / 60n) % 60n, 2)}:${pad(seconds % 60n, 2)}`;
  const zone = zoneText(offsetSecondsOf(offsetMinutes));
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${clock}${fraction}${zone}`;
}

/**
 * restic's `fixTime`: a time whose year (in its own offset) is below 0 or above 9999 gets the
 * year set to 0 or 9999, everything else kept; a resulting February 29 of a non-leap year rolls
 * to March 1 as Go's `AddDate` does. The offset is kept fixed (Go re-resolves a named zone at
 * the new date, which can differ for a non-UTC `TZ`).
 */
export function fixTime(t: GoTime): GoTime {
  const { days, nsOfDay, offsetNs } = wallClock(t);
  const { year, month, day } = civilFromDays(days);
  if (year >= 0n && year <= 9999n) return t;
  const fixedDays = daysFromCivil(year < 0n ? 0n : 9999n, month, day);
  return { epochNs: fixedDays * nsPerDay + nsOfDay - offsetNs, offsetMinutes: t.offsetMinutes };
}

const maxDateMs = 8_640_000_000_000_000 - 2 * 86_400_000;

/**
 * The process time zone's offset (minutes east of UTC, fractional for offsets with seconds) at
 * that instant, as Go's `time.Local` would give it for the same `TZ`. Node reads its zone rules
 * from ICU, Go from the system zoneinfo; they agree unless the two tz databases differ.
 */
export function localOffsetMinutes(epochNs: bigint): number {
  const ms = Math.min(maxDateMs, Math.max(-maxDateMs, Number(floorDiv(epochNs, 1_000_000n))));
  const at = new Date(ms);
  const wall = new Date(0);
  wall.setUTCFullYear(at.getFullYear(), at.getMonth(), at.getDate());
  wall.setUTCHours(at.getHours(), at.getMinutes(), at.getSeconds(), at.getMilliseconds());
  const offsetMs = wall.getTime() - ms;
  return offsetMs === 0 ? 0 : offsetMs / 60_000;
}

const goTimePattern =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:[.,]([0-9]+))?(?:Z|([+-])([0-9]{2}):([0-9]{2}))$/;

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysIn(month: number, year: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parses the text between the quotes of a Go JSON time. */
export function parseGoTime(text: string): GoTime {
  const match = goTimePattern.exec(text);
  const fail = (why: string): never => {
    throw new RepoError("InvalidFormat", `time ${JSON.stringify(text)}: ${why}`);
  };
  if (!match) return fail("not RFC 3339");
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12) fail("month out of range");
  if (day < 1 || day > daysIn(month, year)) fail("day out of range");
  if (hour > 23 || minute > 59 || second > 59) fail("clock out of range");
  const [, , , , , , , fraction, sign, zoneHours, zoneMinutes] = match;
  const nanos = fraction === undefined ? 0n : BigInt(fraction.slice(0, 9).padEnd(9, "0"));
  let offsetMinutes = 0;
  if (sign !== undefined) {
    if (Number(zoneHours) > 24 || Number(zoneMinutes) > 60) fail("time zone offset out of range");
    const magnitude = Number(zoneHours) * 60 + Number(zoneMinutes);
    offsetMinutes = sign === "-" && magnitude !== 0 ? -magnitude : magnitude;
  }
  const seconds = daysFromCivil(BigInt(year), month, day) * 86_400n + BigInt(hour * 3600 + minute * 60 + second);
  return { epochNs: (seconds - BigInt(offsetMinutes) * 60n) * nsPerSecond + nanos, offsetMinutes };
}
