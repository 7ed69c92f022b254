/**
 * The logging surface of the kube package: the four pino methods it calls, with pino's
 * (object, message) argument order, so a pino Logger (or a child of one) can be passed as is.
 * Nothing here depends on pino; tests pass `silentLog` or a recorder.
 */

export interface Log {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const noop = (): void => undefined;

export const silentLog: Log = { debug: noop, info: noop, warn: noop, error: noop };
