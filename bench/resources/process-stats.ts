/**
 * What the benchmark reads about a server process from /proc: its peak resident memory (VmHWM)
 * and that of its child processes (Velero's plugins run as children and come and go), sampled
 * while it works, and the TCP addresses it listens on, to prove every listener is on loopback.
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

function statusKiB(pid: number, field: "VmHWM" | "VmRSS"): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return Number(match?.[1] ?? 0);
  } catch {
    return 0; // exited
  }
}

function parentOf(pid: number): number | undefined {
  try {
    // the command name (field 2) is in parentheses and may hold spaces; ppid follows its ")"
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/** The pids of every live descendant of `root`. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent === undefined) continue;
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

export interface PeakRss {
  /** Peak resident set of the server process itself, MiB. */
  serverMiB: number;
  /** The highest peak of any one child process (a plugin), MiB; 0 when it had none. */
  childMiB: number;
}

/** Samples the peak RSS of a process and its children until stopped. */
export class RssSampler {
  readonly #pid: number;
  readonly #timer: NodeJS.Timeout;
  #serverKiB = 0;
  #childKiB = 0;

  constructor(pid: number, everyMs = 250) {
    this.#pid = pid;
    this.sample();
    this.#timer = setInterval(() => this.sample(), everyMs);
    this.#timer.unref();
  }

  sample(): void {
    this.#serverKiB = Math.max(this.#serverKiB, statusKiB(this.#pid, "VmHWM"));
    for (const child of descendants(this.#pid)) {
      this.#childKiB = Math.max(this.#childKiB, statusKiB(child, "VmHWM"));
    }
  }

  /** Takes a last sample (call it before the process is stopped) and stops sampling. */
  stop(): PeakRss {
    this.sample();
    clearInterval(this.#timer);
    return { serverMiB: this.#serverKiB / 1024, childMiB: this.#childKiB / 1024 };
  }
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match?.[1]) inodes.add(match[1]);
      } catch {
        // closed while we looked
      }
    }
  } catch {
    // exited
  }
  return inodes;
}

/** "0100007F:1F90" (little-endian IPv4) or a 32-hex-digit IPv6 → a printable host:port. */
export function decodeAddress(hex: string): string {
  const [addr = "", port = "0"] = hex.split(":");
  const portNumber = parseInt(port, 16);
  if (addr.length === 8) {
    const bytes = addr.match(/../g)?.map((b) => parseInt(b, 16)) ?? [];
    return `${bytes.reverse().join(".")}:${portNumber}`;
  }
  if (addr === "0".repeat(32)) return `[::]:${portNumber}`;
  if (addr === "00000000000000000000000001000000") return `[::1]:${portNumber}`;
  return `[${addr}]:${portNumber}`;
}

/** Every TCP address that `pid` or one of its children listens on. */
export function listeningAddresses(pid: number): string[] {
  const inodes = new Set<string>();
  for (const p of [pid, ...descendants(pid)]) for (const inode of socketInodes(p)) inodes.add(inode);
  const found: string[] = [];
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // cols: sl local remote st … uid timeout inode
      if (cols[3] === "0A" && cols[9] && inodes.has(cols[9])) found.push(decodeAddress(cols[1] ?? ""));
    }
  }
  return found;
}

/** The addresses of `addresses` that are not on loopback (127.0.0.0/8 or [::1]). */
export function beyondLoopback(addresses: string[]): string[] {
  return addresses.filter((a) => !a.startsWith("127.") && !a.startsWith("[::1]:"));
}

/** Throws unless every listener of the process tree is on 127.0.0.1 or [::1]. */
export function assertLoopbackOnly(what: string, pid: number): string[] {
  const addresses = listeningAddresses(pid);
  const open = beyondLoopback(addresses);
  if (open.length > 0) {
    throw new Error(`${what} listens beyond loopback on ${open.join(", ")}; every listener must be on 127.0.0.1`);
  }
  return addresses;
}
