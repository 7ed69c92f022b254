/**
 * Builds the test cluster's Go binaries (control plane, etcd, restic, MinIO; the benchmark peers,
 * Velero and its AWS plugin, only on demand) from the Go module proxy and caches them in
 * `.lifeboat-dev/bin/<name>-<version>-<recipe hash>/`. A warm cache does no Go work at all; a cold
 * one logs each build and how long it took. Each build lands in a temp folder that is renamed into
 * place only when complete, so an interrupted build is never used.
 */
import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, rm, mkdtemp } from "node:fs/promises";
import path from "node:path";
import { dirs, repoRoot } from "./paths.ts";
import { goBuilds, type GoBuild } from "./versions.ts";

type Log = (line: string) => void;

function recipeHash(build: GoBuild): string {
  const hash = createHash("sha256");
  // buildDate is part of the ldflags but must not change the key
  // the key must not depend on where the checkout is, nor on the build date in the ldflags
  const portable = {
    ...build,
    wrapperModule: build.wrapperModule && path.relative(repoRoot, build.wrapperModule),
    ldflags: build.ldflags?.replace(/buildDate=\S+/g, ""),
  };
  hash.update(JSON.stringify(portable));
  if (build.wrapperModule) {
    for (const file of ["go.mod", "go.sum"]) {
      hash.update(readFileSync(path.join(build.wrapperModule, file)));
    }
  }
  return hash.digest("hex").slice(0, 10);
}

export function buildDir(build: GoBuild): string {
  return path.join(dirs.bin, `${build.name}-${build.version}-${recipeHash(build)}`);
}

function isCached(build: GoBuild): boolean {
  const dir = buildDir(build);
  return build.binaries.every((bin) => existsSync(path.join(dir, bin)));
}

/** Path of a built binary (kube-apiserver, etcd, restic, minio, kubectl…); throws if not built. */
export function binaryPath(binary: string): string {
  const build = goBuilds(new Date().toISOString()).find((b) => b.binaries.includes(binary));
  if (!build) throw new Error(`no Go build produces a binary named "${binary}"`);
  const file = path.join(buildDir(build), binary);
  if (!existsSync(file)) {
    const how = build.peer ? "the benchmark that uses it builds it on demand" : "run: npm run cluster:build";
    throw new Error(`${binary} is not built yet (expected ${file}); ${how}`);
  }
  return file;
}

function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: { ...process.env, CGO_ENABLED: "0", ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(out.trim());
      else reject(new Error(`${cmd} ${args.join(" ")} failed (exit ${code}):\n${err.slice(-4000)}`));
    });
  });
}

async function checkPinnedVersion(build: GoBuild): Promise<void> {
  if (build.name !== "etcd" || !build.wrapperModule) return;
  const resolved = await run("go", ["list", "-m", "-f", "{{.Version}}", "go.etcd.io/etcd/server/v3"], {
    cwd: build.wrapperModule,
  });
  if (resolved !== build.version) {
    throw new Error(`wrapper module resolves etcd ${resolved}, expected ${build.version}`);
  }
}

async function buildInto(build: GoBuild, outDir: string): Promise<void> {
  const common = ["-trimpath", ...(build.tags ? ["-tags", build.tags] : [])];
  if (build.ldflags) common.push("-ldflags", build.ldflags);
  if (build.wrapperModule) {
    await checkPinnedVersion(build);
    for (const bin of build.binaries) {
      const pkg = build.packages?.[bin];
      if (!pkg) throw new Error(`${build.name}: no package for ${bin}`);
      await run("go", ["build", ...common, "-o", path.join(outDir, bin), pkg], {
        cwd: build.wrapperModule,
      });
    }
    return;
  }
  if (!build.installTarget) throw new Error(`${build.name}: neither wrapperModule nor installTarget`);
  await run("go", ["install", ...common, build.installTarget], {
    cwd: outDir,
    env: { GOBIN: outDir, GOFLAGS: "" },
  });
}

/**
 * Builds whatever is missing from the cache; returns the seconds spent per build. Benchmark peers
 * (GoBuild.peer) are built only when named in `opts.peers`.
 */
export async function ensureBinaries(log: Log, opts: { peers?: string[] } = {}): Promise<Record<string, number>> {
  await mkdir(dirs.bin, { recursive: true });
  const timings: Record<string, number> = {};
  for (const build of goBuilds(new Date().toISOString())) {
    if (build.peer && !opts.peers?.includes(build.name)) continue;
    if (isCached(build)) continue;
    const started = Date.now();
    log(`building ${build.name} ${build.version} (${build.binaries.join(", ")})…`);
    const tmp = await mkdtemp(path.join(dirs.bin, `.tmp-${build.name}-`));
    try {
      await buildInto(build, tmp);
      await rm(buildDir(build), { recursive: true, force: true });
      await rename(tmp, buildDir(build));
    } catch (err) {
      await rm(tmp, { recursive: true, force: true });
      throw err;
    }
    timings[build.name] = (Date.now() - started) / 1000;
    log(`built ${build.name} in ${timings[build.name]?.toFixed(1)} s → ${buildDir(build)}`);
  }
  return timings;
}

if (import.meta.main) {
  const started = Date.now();
  const timings = await ensureBinaries((line) => console.log(line));
  const built = Object.keys(timings);
  console.log(
    built.length === 0
      ? "all cluster binaries are cached; nothing to build"
      : `built ${built.join(", ")} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}
