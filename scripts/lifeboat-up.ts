/** `npm run lifeboat:up`: the local cluster (started if needed) with Lifeboat installed and its server running. */
import { lifeboatUp } from "../test/cluster/lifeboat.ts";

const info = await lifeboatUp((line) => console.error(line));
console.log(`
Lifeboat is up.
  server         pid ${info.serverPid}, metrics ${info.metricsUrl}/metrics
  namespace      ${info.namespace} (backup location "default" on the MinIO bucket ${info.s3.bucket})
  use it         export KUBECONFIG=${info.kubeconfig}
                 npx lifeboat backup create my-backup --include-namespaces my-app --wait
Stop it with: npm run lifeboat:down`);
