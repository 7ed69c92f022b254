import { test } from "node:test";
import assert from "node:assert/strict";
import { fromStatus, KubeError, toKubeError } from "./errors.ts";

test("API statuses map to stable codes", () => {
  const cases: Array<[number, string | undefined, string]> = [
    [404, "NotFound", "NotFound"],
    [409, "AlreadyExists", "AlreadyExists"],
    [409, "Conflict", "Conflict"],
    [410, "Expired", "Gone"],
    [401, undefined, "Unauthorized"],
    [403, "Forbidden", "Forbidden"],
    [422, "Invalid", "Invalid"],
    [429, "TooManyRequests", "Throttled"],
    [504, undefined, "Timeout"],
    [503, undefined, "ServerError"],
  ];
  for (const [status, reason, code] of cases) {
    const err = fromStatus(status, { reason, message: "m" }, "GET /x");
    assert.equal(err.code, code, `${status} ${reason}`);
    assert.equal(err.status, status);
  }
});

test("a watch ERROR event's Status code wins over the HTTP status", () => {
  const err = fromStatus(200, { code: 410, reason: "Expired", message: "too old resource version" }, "watch");
  assert.equal(err.code, "Gone");
  assert.match(err.message, /too old resource version/);
});

test("toKubeError classifies client-node ApiExceptions, aborts and network errors", () => {
  const api = toKubeError({ code: 409, body: JSON.stringify({ reason: "Conflict", message: "stale" }) }, "update");
  assert.equal(api.code, "Conflict");
  assert.equal(toKubeError(new DOMException("x", "AbortError"), "get").code, "Aborted");
  assert.equal(toKubeError(new Error("ECONNREFUSED"), "get").code, "Network");
  const same = new KubeError("Gone", "g");
  assert.equal(toKubeError(same, "x"), same);
  assert.ok(KubeError.is(same, "Gone"));
  assert.ok(!KubeError.is(same, "NotFound"));
  assert.ok(!KubeError.is(new Error("plain")));
});
