/**
 * Error classes branded with a registered symbol, so `X.is(err)` holds even when two copies of
 * the defining module are loaded (where `instanceof` would fail).
 */
export function hasBrand(err: unknown, brand: symbol): boolean {
  return typeof err === "object" && err !== null && (err as Record<symbol, unknown>)[brand] === true;
}

/** `err` carries `brand` and, when `code` is given, that code. */
export function isBrandedWithCode(err: unknown, brand: symbol, code?: string): boolean {
  return hasBrand(err, brand) && (code === undefined || (err as { code?: unknown }).code === code);
}
