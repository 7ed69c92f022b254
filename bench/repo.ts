/**
 * `npm run bench:repo`: Lifeboat's repository engine against restic v0.19.1 on the same data,
 * the same MinIO (the local cluster's) and the same machine, runs interleaved:
 *   1. initial backup of ~2 GiB (1 GiB in 4 large random files + ~100k small files),
 *   2. incremental backup after rewriting 1% of the files,
 *   3. full restore of the latest snapshot,
 * with the wall time, MB/s and peak RSS of each, and the Lifeboat/restic ratios.
 * BENCH_SCALE=0.1 makes the data ten times smaller (for a quick look).
 */
import { spawn } from "node:child_process";
import { randomBytes, createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { useCluster } from "../test/cluster/harness.ts";
import { repoRoot } from "../test/cluster/paths.ts";

const scale = Number(process.env["BENCH_SCALE"] ?? 1);
const largeFiles = 4;
const largeBytes = Math.round(256 * 1024 * 1024 * scale);
const smallFiles = Math.round(100_000 * scale);
const work = process.env["BENCH_DIR"] ?? path.join(os.tmpdir(), "lifeboat-bench-repo");
const source = path.join(work, "source");

function deterministic(seed: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  let block = createHash("sha256").update(seed).digest();
  for (let at = 0; at < size; at += 32) {
    block.copy(out, at);
    block = createHash("sha256").update(block).digest();
  }
  return out;
}

function generate(): number {
  let bytes = 0;
  mkdirSync(path.join(source, "large"), { recursive: true });
  for (let i = 0; i < largeFiles; i++) {
    const file = path.join(source, "large", `volume-${i}.img`);
    if (!existsSync(file)) writeFileSync(file, randomBytes(largeBytes));
    bytes += largeBytes;
  }
  for (let i = 0; i < smallFiles; i++) {
    const dir = path.join(source, "small", `d${Math.floor(i / 1000)}`);
    if (i % 1000 === 0) mkdirSync(dir, { recursive: true });
    const size = 1024 + ((i * 7919) % 15360);
    const file = path.join(dir, `f${i}.dat`);
    if (!existsSync(file)) writeFileSync(file, deterministic(`small-${i}`, size));
    bytes += size;
  }
  return bytes;
}

function modifyOnePercent(round: number): void {
  for (let i = 0; i < smallFiles; i += 100) {
    const file = path.join(source, "small", `d${Math.floor(i / 1000)}`, `f${i}.dat`);
    const data = readFileSync(file);
    data.write(`round ${round} `, 0);
    writeFileSync(file, data);
  }
}

interface Run {
  seconds: number;
  peakRssMiB: number;
}

/** Runs a command to completion; peak RSS is read from /proc (VmHWM) while it runs. */
function measure(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    let peakKiB = 0;
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const sample = (): void => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        peakKiB = Math.max(peakKiB, Number(match?.[1] ?? 0));
      } catch {
        // exited
      }
    };
    const timer = setInterval(sample, 50);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`${command} ${args.join(" ")} failed (${code}):\n${stderr.slice(-2000)}`));
      else resolve({ seconds: (performance.now() - started) / 1000, peakRssMiB: peakKiB / 1024 });
    });
  });
}

const cluster = await useCluster();
const resticBin = cluster.binary("restic");
const bench = `bench-${randomBytes(3).toString("hex")}`;
const repoOf = (tool: string) => `s3:${cluster.s3.endpoint}/${cluster.s3.bucket}/${bench}/${tool}`;
const env = {
  ...process.env,
  RESTIC_PASSWORD: "benchmark-password",
  RESTIC_CACHE_DIR: path.join(work, "restic-cache"),
  AWS_ACCESS_KEY_ID: cluster.s3.accessKey,
  AWS_SECRET_ACCESS_KEY: cluster.s3.secretKey,
};
const tools = {
  restic: (args: string[]) => measure(resticBin, ["-r", repoOf("restic"), "--no-cache", ...args], env),
  lifeboat: (args: string[]) =>
    measure(
      process.execPath,
      [path.join(repoRoot, "bin", "lifeboat.js"), "repo", "-r", repoOf("lifeboat"), ...args],
      env,
    ),
};

console.log(
  `generating ${smallFiles} small files and ${largeFiles} × ${(largeBytes / 2 ** 20).toFixed(0)} MiB in ${source}…`,
);
const totalBytes = generate();
const mb = totalBytes / 1e6;
console.log(
  `data: ${(totalBytes / 2 ** 30).toFixed(2)} GiB in ${smallFiles + largeFiles} files; repositories under ${repoOf("…")}\n`,
);
for (const tool of Object.values(tools)) await tool(["init"]);

const results: Record<string, Record<string, Run>> = { initial: {}, incremental: {}, restore: {} };
for (const [name, tool] of Object.entries(tools))
  results["initial"]![name] = await tool(["backup", "--host", "bench", source]);
modifyOnePercent(1);
for (const [name, tool] of Object.entries(tools))
  results["incremental"]![name] = await tool(["backup", "--host", "bench", source]);
for (const [name, tool] of Object.entries(tools)) {
  const target = path.join(work, `restore-${name}`);
  await rm(target, { recursive: true, force: true });
  results["restore"]![name] = await tool(["restore", "latest", "--target", target]);
  await rm(target, { recursive: true, force: true });
}

const row = (phase: string, metric: (r: Run) => number, unit: string, better: "higher" | "lower") => {
  const ours = metric(results[phase]!["lifeboat"]!);
  const theirs = metric(results[phase]!["restic"]!);
  console.log(
    `${phase.padEnd(12)} ${unit.padEnd(8)} ${ours.toFixed(1).padStart(9)} ${theirs.toFixed(1).padStart(9)}   ${(ours / theirs).toFixed(2)} (${better} is better)`,
  );
};
console.log("phase        metric    lifeboat    restic   lifeboat/restic");
row("initial", (r) => mb / r.seconds, "MB/s", "higher");
row("incremental", (r) => r.seconds, "seconds", "lower");
row("restore", (r) => mb / r.seconds, "MB/s", "higher");
for (const phase of ["initial", "incremental", "restore"]) row(phase, (r) => r.peakRssMiB, "RSS MiB", "lower");
