/**
 * metav1.MicroTime on the wire: RFC 3339 with exactly six fractional digits
 * ("2025-01-01T00:00:00.123000Z"). The API server rejects Lease times with three (what
 * client-node's serializer writes for a Date), so Lease times are formatted here, as strings.
 */

export function microTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** Milliseconds since the epoch, or undefined for an absent or unparsable value. */
export function parseMicroTime(value: string | undefined | null): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
