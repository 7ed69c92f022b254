/**
 * Turns a run log (JSON lines `{"level","time","msg",…fields}`, see src/util/run-log.ts) into
 * lines people read: `time level msg key=value …`. Values that contain spaces, quotes or '='
 * are quoted; objects are printed as JSON. A line that is not a JSON object is passed through,
 * so a log written by another tool is still shown.
 */

function asText(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "");
}

function formatValue(value: unknown): string {
  const text = asText(value);
  return text === "" || /[\s"=]/.test(text) ? JSON.stringify(text) : text;
}

export function formatLogLine(line: string): string {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return line;
  const { time, level, msg, ...rest } = entry as Record<string, unknown>;
  const head = [asText(time ?? "-"), asText(level ?? "info").padEnd(5), asText(msg ?? "")];
  const tail = Object.entries(rest).map(([k, v]) => `${k}=${formatValue(v)}`);
  return [...head, ...tail].join(" ");
}

/** Formats a whole log; blank lines are dropped. */
export function formatLog(text: string): string {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => formatLogLine(line) + "\n")
    .join("");
}
