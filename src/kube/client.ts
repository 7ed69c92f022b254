/**
 * Typed API clients that respect the client-side rate limit. `makeApiClient(kc, CoreV1Api)` is
 * client-node's `kc.makeApiClient` plus a pre-request middleware that waits for a token from the
 * limiter before each request is sent, so every call through the client (list, get, patch…)
 * counts against one QPS/burst budget. Share one limiter between all the clients of a process,
 * the way client-go shares one per rest.Config.
 *
 * Caveat (client-node's merge rule): per-call options whose `middleware` uses the default
 * "replace" merge strategy drop the configured middleware, the limiter included. Use
 * `setHeaderOptions` (which appends) or `middlewareMergeStrategy: "append"`.
 */
import {
  createConfiguration,
  ServerConfiguration,
  type ApiConstructor,
  type ApiType,
  type Configuration,
  type KubeConfig,
  type Middleware,
  type RequestContext,
  type ResponseContext,
} from "@kubernetes/client-node";
import { lifeboatVersion } from "../version.ts";
import { KubeError } from "./errors.ts";
import { TokenBucket, type RateLimiter } from "./rate-limiter.ts";

export { loadKubeConfig, currentNamespace, type LoadKubeConfigOptions } from "./kubeconfig.ts";

export const defaultUserAgent = `lifeboat/${lifeboatVersion}`;

export interface ClientOptions {
  /** Defaults to a fresh TokenBucket with Velero's 100 QPS / 100 burst. */
  limiter?: RateLimiter;
  userAgent?: string;
}

/** A promise middleware that holds each request until the limiter hands out a token. */
export function rateLimitMiddleware(limiter: RateLimiter): Middleware {
  return {
    pre: async (ctx: RequestContext) => {
      await limiter.acquire(ctx.getSignal());
      return ctx;
    },
    post: (res: ResponseContext) => Promise.resolve(res),
  };
}

function userAgentMiddleware(userAgent: string): Middleware {
  return {
    pre: (ctx: RequestContext) => {
      ctx.setHeaderParam("User-Agent", userAgent);
      return Promise.resolve(ctx);
    },
    post: (res: ResponseContext) => Promise.resolve(res),
  };
}

/** The generated clients' Configuration: the current cluster, kc's credentials, our middleware. */
export function kubeConfiguration(kc: KubeConfig, options: ClientOptions = {}): Configuration {
  const cluster = kc.getCurrentCluster();
  if (!cluster)
    throw new KubeError("ConfigNotFound", `kubeconfig context "${kc.getCurrentContext()}" names no cluster`);
  return createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kc },
    promiseMiddleware: [
      userAgentMiddleware(options.userAgent ?? defaultUserAgent),
      rateLimitMiddleware(options.limiter ?? new TokenBucket()),
    ],
  });
}

/** Like `kc.makeApiClient(apiClass)`, with every request rate limited. */
export function makeApiClient<T extends ApiType>(
  kc: KubeConfig,
  apiClass: ApiConstructor<T>,
  options: ClientOptions = {},
): T {
  return new apiClass(kubeConfiguration(kc, options));
}
