/**
 * The CLI's output formats: `-o table|json|yaml`, the same switch on every command that prints
 * data. Data goes to stdout; human notes and errors go to stderr.
 */
import { stringify } from "yaml";

export const outputFormats = ["table", "json", "yaml"] as const;
export type OutputFormat = (typeof outputFormats)[number];

export class UsageError extends Error {
  readonly code = "UsageError";
}

export function parseOutputFormat(value: string): OutputFormat {
  if ((outputFormats as readonly string[]).includes(value)) return value as OutputFormat;
  throw new UsageError(`--output: "${value}" is not a format; use one of ${outputFormats.join(", ")}`);
}

/** Prints `data` as JSON or YAML, or calls `table` to print it for people. */
export function printData(
  format: OutputFormat,
  data: unknown,
  table: () => string,
  out: NodeJS.WritableStream = process.stdout,
): void {
  if (format === "json") out.write(JSON.stringify(data, null, 2) + "\n");
  else if (format === "yaml") out.write(stringify(data));
  else out.write(table());
}
