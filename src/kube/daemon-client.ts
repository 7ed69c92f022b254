/**
 * The API client of a long-running Lifeboat process (server, node agent): the kubeconfig found
 * as kubeconfig.ts describes (an explicit file and context when given), behind one token
 * bucket of `clientQps` requests per second with bursts of `clientBurst`, as client-go's flags.
 */
import { loadKubeConfig } from "./kubeconfig.ts";
import { TokenBucket } from "./rate-limiter.ts";
import { RestClient } from "./rest.ts";

export interface DaemonClientOptions {
  kubeconfig?: string;
  kubecontext?: string;
  clientQps: number;
  clientBurst: number;
}

export function daemonRestClient(options: DaemonClientOptions): RestClient {
  const kc = loadKubeConfig({
    ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
    ...(options.kubecontext ? { context: options.kubecontext } : {}),
  });
  return new RestClient(kc, { limiter: new TokenBucket({ qps: options.clientQps, burst: options.clientBurst }) });
}
