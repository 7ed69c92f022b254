/**
 * Go durations, as the API stores them (Velero's ttl, validationFrequency…): parse "24h0m0s",
 * "1h30m", "90s", "1.5h", "720h", "0" into milliseconds, and format milliseconds back the way
 * Go's time.Duration.String prints them ("24h0m0s", "1m30s", "1.5s", "500ms", "0s"), so values
 * round-trip with Velero's CLI and objects. Arithmetic is done in whole nanoseconds (BigInt) so
 * formatting is exact.
 */

export class DurationError extends Error {
  readonly code = "InvalidDuration";
  override readonly name = "DurationError";
}

const nanosPerUnit: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const term = /([0-9]*)(?:\.([0-9]*))?(ns|us|µs|μs|ms|s|m|h)/y;
const nanosPerMs = 1_000_000n;

function invalid(input: string, why: string): DurationError {
  return new DurationError(
    `"${input}" is not a duration: ${why}; write a number and a unit (h, m, s, ms), e.g. "720h0m0s", "1h30m" or "90s"`,
  );
}

/** Nanoseconds of one "<whole>.<fraction><unit>" term; the fraction is truncated below 1ns, as in Go. */
function termNanos(whole: string, fraction: string, unit: bigint): bigint {
  let nanos = BigInt(whole || "0") * unit;
  if (fraction) nanos += (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
  return nanos;
}

/** Parses a Go duration into nanoseconds. Accepts a leading sign, as Go does. */
export function parseDurationNanos(input: string): bigint {
  let rest = input.trim();
  let sign = 1n;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    if (rest.startsWith("-")) sign = -1n;
    rest = rest.slice(1);
  }
  if (rest === "0") return 0n;
  if (rest === "") throw invalid(input, "it is empty");
  let total = 0n;
  term.lastIndex = 0;
  while (term.lastIndex < rest.length) {
    const at = term.lastIndex;
    const match = term.exec(rest);
    if (!match) throw invalid(input, `cannot read "${rest.slice(at)}"`);
    const [, whole = "", fraction = "", unit = ""] = match;
    if (whole === "" && fraction === "") throw invalid(input, `"${unit}" has no number before it`);
    total += termNanos(whole, fraction, nanosPerUnit[unit] ?? 0n);
  }
  return sign * total;
}

/** Parses a Go duration ("24h0m0s", "1h30m", "90s", "0") into milliseconds. */
export function parseDuration(input: string): number {
  return Number(parseDurationNanos(input)) / Number(nanosPerMs);
}

/** "<int>[.<fraction without trailing zeros>]" of value / 10^digits. */
function decimal(value: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const fraction = (value % scale).toString().padStart(digits, "0").replace(/0+$/, "");
  return `${value / scale}${fraction ? `.${fraction}` : ""}`;
}

/** Formats nanoseconds the way Go's time.Duration.String does. */
export function formatDurationNanos(nanos: bigint): string {
  if (nanos === 0n) return "0s";
  const sign = nanos < 0n ? "-" : "";
  const n = nanos < 0n ? -nanos : nanos;
  if (n < 1_000n) return `${sign}${n}ns`;
  if (n < 1_000_000n) return `${sign}${decimal(n, 3)}µs`;
  if (n < 1_000_000_000n) return `${sign}${decimal(n, 6)}ms`;
  const hours = n / nanosPerUnit.h!;
  const minutes = (n / nanosPerUnit.m!) % 60n;
  const seconds = `${decimal(n % nanosPerUnit.m!, 9)}s`;
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}

/** Formats milliseconds the way Go prints a duration: 86400000 → "24h0m0s", 90000 → "1m30s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new DurationError(`${ms} milliseconds cannot be written as a duration`);
  return formatDurationNanos(BigInt(Math.round(ms * 1e6)));
}
