/**
 * `npm run demo`: the main job on a fresh machine. Lifeboat's backup-and-restore drill does not
 * exist yet, so for now this builds and starts the local test cluster and shows its state: the
 * API server's version, the nodes, the storage class and the MinIO bucket a backup will use.
 */
import { clusterUp } from "../test/cluster/up.ts";
import { clusterStatus } from "../test/cluster/status.ts";

try {
  const info = await clusterUp((line) => console.log(line));
  console.log("\n--- cluster status");
  const healthy = await clusterStatus((line) => console.log(line));
  console.log(`\nObject storage for backups: ${info.s3.endpoint}/${info.s3.bucket}`);
  console.log(
    "\nThe backup/restore demo is not built yet: this command currently only brings up the local\n" +
      "cluster Lifeboat is tested against and shows its status.",
  );
  if (!healthy) process.exitCode = 1;
} catch (err) {
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
