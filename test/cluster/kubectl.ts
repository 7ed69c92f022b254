/** `npm run kubectl -- …`: the cluster's own kubectl (v1.36.3) with the admin kubeconfig. */
import { spawnSync } from "node:child_process";
import { binaryPath } from "./build.ts";
import { adminKubeconfig } from "./paths.ts";

const res = spawnSync(binaryPath("kubectl"), ["--kubeconfig", adminKubeconfig, ...process.argv.slice(2)], {
  stdio: "inherit",
});
process.exitCode = res.status ?? 1;
