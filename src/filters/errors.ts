/**
 * Typed errors of the filters: a bad namespace glob or a bad label selector, each with a
 * stable code and a message that names the field and how to fix it.
 */
import { isBrandedWithCode } from "../util/brand.ts";

export const filterErrorCodes = ["InvalidGlob", "InvalidSelector"] as const;

export type FilterErrorCode = (typeof filterErrorCodes)[number];

const brand = Symbol.for("lifeboat.FilterError");

export class FilterError extends Error {
  readonly code: FilterErrorCode;
  readonly [brand] = true;

  constructor(code: FilterErrorCode, message: string) {
    super(message);
    this.name = "FilterError";
    this.code = code;
  }

  static is(err: unknown, code?: FilterErrorCode): err is FilterError {
    return isBrandedWithCode(err, brand, code);
  }
}
