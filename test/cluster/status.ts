/**
 * `npm run cluster:status`: which of the cluster's processes run (with pids), and what the API
 * server says of its version and nodes. Exits non-zero when anything is down.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { binaryPath } from "./build.ts";
import { daemonNames } from "./down.ts";
import { adminKubeconfig } from "./paths.ts";
import { runningPid } from "./processes.ts";

const run = promisify(execFile);

export async function clusterStatus(log: (line: string) => void): Promise<boolean> {
  let healthy = true;
  for (const name of [...daemonNames].reverse()) {
    const pid = runningPid(name);
    if (pid === undefined) healthy = false;
    log(`${name.padEnd(26)} ${pid === undefined ? "stopped" : `running (pid ${pid})`}`);
  }
  if (!healthy) return false;
  const kubectl = (args: string[]) => run(binaryPath("kubectl"), ["--kubeconfig", adminKubeconfig, ...args]);
  log("");
  log((await kubectl(["version"])).stdout.trim());
  log("");
  log((await kubectl(["get", "nodes", "-o", "wide"])).stdout.trim());
  return true;
}

if (import.meta.main) {
  const ok = await clusterStatus((line) => console.log(line)).catch((err: unknown) => {
    console.error(String(err));
    return false;
  });
  if (!ok) process.exitCode = 1;
}
