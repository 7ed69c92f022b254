/**
 * Starts the test cluster's long-running processes detached from the shell that launched them,
 * each with a pid file and a log file under .lifeboat-dev, and stops them again. A pid file is
 * trusted only while /proc still shows the same program under that pid, so a recycled pid is
 * never killed by mistake.
 */
import { spawn } from "node:child_process";
import { existsSync, openSync, closeSync, readFileSync, readdirSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { dirs } from "./paths.ts";

export interface DaemonSpec {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
}

function pidFile(name: string): string {
  return path.join(dirs.run, `${name}.pid`);
}

export function logFile(name: string): string {
  return path.join(dirs.logs, `${name}.log`);
}

interface PidRecord {
  pid: number;
  command: string;
}

function readPid(name: string): PidRecord | undefined {
  const file = pidFile(name);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as PidRecord;
  } catch {
    return undefined;
  }
}

function alive(record: PidRecord): boolean {
  try {
    const cmdline = readFileSync(`/proc/${record.pid}/cmdline`, "utf8");
    return cmdline.split("\0").some((part) => part === record.command);
  } catch {
    return false;
  }
}

export function runningPid(name: string): number | undefined {
  const record = readPid(name);
  return record && alive(record) ? record.pid : undefined;
}

export async function startDaemon(spec: DaemonSpec): Promise<number> {
  await mkdir(dirs.run, { recursive: true });
  await mkdir(dirs.logs, { recursive: true });
  const out = openSync(logFile(spec.name), "a");
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    detached: true,
    stdio: ["ignore", out, out],
  });
  closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${spec.name} (${spec.command})`);
  child.unref();
  await writeFile(pidFile(spec.name), JSON.stringify({ pid, command: spec.command }));
  return pid;
}

/** SIGTERM to the daemon's process group, SIGKILL after `graceMs`; returns true if it was running. */
export async function stopDaemon(name: string, graceMs = 10_000): Promise<boolean> {
  const record = readPid(name);
  await rm(pidFile(name), { force: true });
  if (!record || !alive(record)) return false;
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-record.pid, sig);
    } catch {
      // the group is already gone
    }
  };
  signal("SIGTERM");
  const deadline = Date.now() + graceMs;
  while (alive(record) && Date.now() < deadline) await sleep(100);
  if (alive(record)) signal("SIGKILL");
  while (alive(record)) await sleep(50);
  return true;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs: number,
  logName?: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const result = await probe();
      if (result !== undefined && result !== false) return result;
    } catch (err) {
      lastError = err;
    }
    if (logName && runningPid(logName) === undefined) {
      throw new Error(`${what}: the process exited; see ${logFile(logName)}\n${tail(logFile(logName))}`);
    }
    await sleep(250);
  }
  const hint = logName ? `; see ${logFile(logName)}\n${tail(logFile(logName))}` : "";
  throw new Error(
    `timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError instanceof Error ? ` (${lastError.message})` : ""}${hint}`,
  );
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/** Processes still running from the dev folder (binaries or scripts under it, or our node scripts). */
export function strayProcesses(markers: string[]): { pid: number; cmdline: string }[] {
  const strays: { pid: number; cmdline: string }[] = [];
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
      if (markers.some((m) => cmdline.includes(m))) strays.push({ pid, cmdline });
    } catch {
      // exited while we looked
    }
  }
  return strays;
}
