import { test } from "node:test";
import assert from "node:assert/strict";
import { KubeError } from "../kube/errors.ts";
import { withRetry } from "./retry.ts";

test("throttling and server errors are retried until the call succeeds", async () => {
  const seen: boolean[] = [];
  const failures = [new KubeError("Throttled", "429"), new KubeError("ServerError", "503")];
  const result = await withRetry(
    (retried) => {
      seen.push(retried);
      const err = failures.shift();
      return err ? Promise.reject(err) : Promise.resolve("ok");
    },
    { initialMs: 1 },
  );
  assert.equal(result, "ok");
  assert.deepEqual(seen, [false, true, true]);
});

test("answers like Invalid or AlreadyExists are not retried", async () => {
  let calls = 0;
  await assert.rejects(
    withRetry(() => {
      calls++;
      return Promise.reject(new KubeError("Invalid", "bad"));
    }),
    (err: unknown) => KubeError.is(err, "Invalid"),
  );
  assert.equal(calls, 1);
});

test("after the last attempt the error is thrown", async () => {
  let calls = 0;
  await assert.rejects(
    withRetry(
      () => {
        calls++;
        return Promise.reject(new KubeError("ServerError", "500"));
      },
      { attempts: 3, initialMs: 1 },
    ),
    (err: unknown) => KubeError.is(err, "ServerError"),
  );
  assert.equal(calls, 3);
});
