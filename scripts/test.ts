/**
 * `npm test`: everything CI runs, in order — lint and format check, type check, unit tests, then
 * the end-to-end suite on the real local cluster (built and started on demand; never skipped).
 * A cluster this script started is stopped again at the end, and no process may be left behind.
 * Ends with one line counting every test: "tests: N passed, N failed".
 */
import { spawn } from "node:child_process";
import { clusterDown, clusterProcessMarkers } from "../test/cluster/down.ts";
import { runningPid, strayProcesses } from "../test/cluster/processes.ts";

interface StepResult {
  ok: boolean;
  passed: number;
  failed: number;
}

function step(title: string, command: string, args: string[]): Promise<StepResult> {
  process.stdout.write(`\n=== ${title}: ${command} ${args.join(" ")}\n`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "inherit"] });
    let tailText = "";
    child.stdout.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      tailText = (tailText + chunk.toString()).slice(-4000);
    });
    child.on("close", (code) => {
      const count = (label: string) => Number(new RegExp(`ℹ ${label} (\\d+)`).exec(tailText)?.[1] ?? 0);
      process.stdout.write(
        `=== ${title}: ${code === 0 ? "ok" : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
      resolve({ ok: code === 0, passed: count("pass"), failed: count("fail") });
    });
  });
}

const node = process.execPath;
const bin = (name: string) => `node_modules/.bin/${name}`;
const clusterWasRunning = runningPid("kube-apiserver") !== undefined;
const results: StepResult[] = [];

results.push(await step("lint", bin("eslint"), ["."]));
results.push(await step("format", bin("prettier"), ["--check", "."]));
results.push(await step("typecheck", bin("tsc"), ["-p", "tsconfig.json", "--noEmit"]));
results.push(await step("unit tests", node, ["--test", "src/**/*.test.ts", "test/cluster/**/*.test.ts"]));
results.push(
  await step("end-to-end tests (local cluster)", node, ["--test", "--test-concurrency=1", "test/e2e/**/*.test.ts"]),
);

let strayFailure = false;
if (!clusterWasRunning || process.env["CI"]) {
  process.stdout.write("\n=== stopping the local cluster\n");
  try {
    await clusterDown({ purge: Boolean(process.env["CI"]) }, (line) => process.stdout.write(`${line}\n`));
  } catch (err) {
    process.stdout.write(`${String(err)}\n`);
    strayFailure = true;
  }
  const strays = strayProcesses(clusterProcessMarkers);
  if (strays.length > 0) strayFailure = true;
  process.stdout.write(strays.length === 0 ? "no cluster process left running\n" : "cluster processes left running!\n");
}

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const ok = results.every((r) => r.ok) && !strayFailure;
process.stdout.write(`\ntests: ${passed} passed, ${failed} failed\n`);
if (!ok) process.exitCode = 1;
