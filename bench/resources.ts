/**
 * `npm run bench:resources`: Lifeboat against Velero v1.18.1 (+ velero-plugin-for-aws) for the
 * backup and restore of Kubernetes manifests, on a cluster of its own so it never disturbs the dev
 * cluster others use. BENCH_SCALE (default 1) sets the size: 20,000 × BENCH_SCALE ConfigMaps and
 * Secrets of ~1 KiB in 200 × BENCH_SCALE namespaces. The steps and the table are in resources/run.ts.
 *
 * This file only points the test-cluster modules at the benchmark cluster: its ports are shifted
 * by 3000 and it keeps its data in its own folder. paths.ts reads both when it is first imported,
 * so they are set here, before anything under test/cluster is loaded (hence the dynamic import).
 */
import path from "node:path";

const repoRoot = path.resolve(import.meta.dirname, "..");
const devDir = process.env["LIFEBOAT_DEV_DIR"] ?? path.join(repoRoot, ".lifeboat-dev");

process.env["LIFEBOAT_BENCH_SHARED_BIN"] = path.join(devDir, "bin");
process.env["LIFEBOAT_DEV_DIR"] = path.join(devDir, "bench-resources");
process.env["LIFEBOAT_DEV_PORT_OFFSET"] = "3000";

const { runBenchmark } = await import("./resources/run.ts");
process.exitCode = await runBenchmark();
