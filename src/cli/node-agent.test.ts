import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildProgram } from "./program.ts";

/** The real program (its root options included), as `lifeboat` runs it. */
async function parse(args: string[]): Promise<void> {
  const program = buildProgram().exitOverride();
  await program.parseAsync(["node", "lifeboat", "node-agent", ...args]);
}

test("bad flags stop the start with one line naming the flag (nothing is contacted)", async () => {
  const pods = await mkdtemp(path.join(tmpdir(), "lifeboat-host-pods-"));
  const saved = process.env["NODE_NAME"];
  delete process.env["NODE_NAME"];
  try {
    await assert.rejects(parse(["--host-pods", pods]), /--node-name: required \(or set NODE_NAME\)/);
    await assert.rejects(
      parse(["--node-name", "n1", "--host-pods", path.join(pods, "nope")]),
      /--host-pods: .* is not a folder/,
    );
    await assert.rejects(
      parse(["--node-name", "n1", "--host-pods", pods, "--concurrency", "0"]),
      /--concurrency: "0" is not a positive whole number/,
    );
    await assert.rejects(parse(["--node-name", "n1", "--host-pods", pods, "--concurrency", "1.5"]), /--concurrency/);
    await assert.rejects(
      parse(["--node-name", "n1", "--host-pods", pods, "--metrics-address", "nowhere"]),
      /--metrics-address: "nowhere" is not host:port/,
    );
    await assert.rejects(
      parse(["--node-name", "n1", "--host-pods", pods, "--log-level", "loud"]),
      /--log-level: "loud"/,
    );
    await assert.rejects(
      parse(["--node-name", "n1", "--host-pods", pods, "--pod-wait-timeout", "soon"]),
      /--pod-wait-timeout: "soon" is not a duration/,
    );
  } finally {
    if (saved !== undefined) process.env["NODE_NAME"] = saved;
    await rm(pods, { recursive: true, force: true });
  }
});
