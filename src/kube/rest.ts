/**
 * A raw JSON client for any API path (`/api/v1/namespaces/x/configmaps`,
 * `/apis/coordination.k8s.io/v1/namespaces/x/leases/y`), on the same transport as the generated
 * clients: kubeconfig credentials and TLS, the shared rate limiter, our User-Agent. The informer
 * lists and watches through it, and the lease lock writes through it because bodies are sent
 * exactly as given: no model serializer rewrites MicroTime strings into 3-digit Dates.
 * Every non-2xx answer becomes a KubeError classified from its metav1.Status.
 */
import { HttpMethod, type KubeConfig, type RequestContext, type ResponseContext } from "@kubernetes/client-node";
import { defaultUserAgent, kubeConfiguration, type ClientOptions } from "./client.ts";
import { fromStatus, KubeError, toKubeError, type StatusLike } from "./errors.ts";
import { noRateLimit, TokenBucket, type RateLimiter } from "./rate-limiter.ts";

export type QueryValue = string | number | boolean | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** The Accept header; defaults to application/json (discovery asks for aggregated documents). */
  accept?: string;
}

export interface BodyOptions extends RequestOptions {
  /** For patch: defaults to application/merge-patch+json. */
  contentType?: string;
}

export const mergePatch = "application/merge-patch+json";

interface Call extends BodyOptions {
  method: HttpMethod;
  path: string;
  body?: unknown;
}

async function errorFrom(res: ResponseContext, what: string): Promise<KubeError> {
  const text = await res.body.text().catch(() => "");
  let status: StatusLike | undefined;
  try {
    status = JSON.parse(text) as StatusLike;
  } catch {
    status = text ? { message: text.slice(0, 500) } : undefined;
  }
  return fromStatus(res.httpStatusCode, status, what);
}

export class RestClient {
  readonly #kc: KubeConfig;
  readonly #config: ReturnType<typeof kubeConfiguration>;
  readonly #limiter: RateLimiter;
  readonly #userAgent: string;
  /**
   * client-node makes a new connection pool (undici Agent) on every authenticated request, so
   * each request paid a TLS handshake; the first pool is kept and reused (2–3× faster LISTs).
   */
  #dispatcher: ReturnType<RequestContext["getDispatcher"]>;

  constructor(kc: KubeConfig, options: ClientOptions = {}) {
    this.#kc = kc;
    this.#limiter = options.limiter ?? new TokenBucket();
    this.#userAgent = options.userAgent ?? defaultUserAgent;
    // Middleware is applied by hand below; the configuration supplies server, auth and transport.
    this.#config = kubeConfiguration(kc, { limiter: noRateLimit, userAgent: this.#userAgent });
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.#json<T>({ ...options, method: HttpMethod.GET, path });
  }

  post<T>(path: string, body: unknown, options: BodyOptions = {}): Promise<T> {
    return this.#json<T>({ ...options, method: HttpMethod.POST, path, body });
  }

  put<T>(path: string, body: unknown, options: BodyOptions = {}): Promise<T> {
    return this.#json<T>({ ...options, method: HttpMethod.PUT, path, body });
  }

  patch<T>(path: string, body: unknown, options: BodyOptions = {}): Promise<T> {
    return this.#json<T>({ contentType: mergePatch, ...options, method: HttpMethod.PATCH, path, body });
  }

  delete<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.#json<T>({ ...options, method: HttpMethod.DELETE, path });
  }

  /** A GET whose 200 body is handed over as a byte stream (watches). */
  async stream(path: string, options: RequestOptions = {}): Promise<AsyncIterable<Uint8Array>> {
    const res = await this.#send({ ...options, method: HttpMethod.GET, path });
    const what = `GET ${path}`;
    if (res.httpStatusCode !== 200) throw await errorFrom(res, what);
    const body = res.body.stream();
    if (!body) throw new KubeError("BadResponse", `${what}: response has no body`);
    return body as AsyncIterable<Uint8Array>;
  }

  async #json<T>(call: Call): Promise<T> {
    const res = await this.#send(call);
    const what = `${call.method} ${call.path}`;
    if (res.httpStatusCode < 200 || res.httpStatusCode > 299) throw await errorFrom(res, what);
    let text: string;
    try {
      text = await res.body.text();
    } catch (err) {
      throw toKubeError(err, what);
    }
    try {
      return (text === "" ? undefined : JSON.parse(text)) as T;
    } catch (err) {
      throw new KubeError("BadResponse", `${what}: response is not JSON`, { cause: err });
    }
  }

  async #send(call: Call): Promise<ResponseContext> {
    const what = `${call.method} ${call.path}`;
    const ctx: RequestContext = this.#config.baseServer.makeRequestContext(call.path, call.method);
    for (const [name, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) ctx.setQueryParam(name, String(value));
    }
    ctx.setHeaderParam("Accept", call.accept ?? "application/json");
    ctx.setHeaderParam("User-Agent", this.#userAgent);
    if (call.body !== undefined) {
      ctx.setHeaderParam("Content-Type", call.contentType ?? "application/json");
      ctx.setBody(JSON.stringify(call.body));
    }
    if (call.signal) ctx.setSignal(call.signal);
    try {
      await this.#kc.applySecurityAuthentication(ctx);
      if (this.#dispatcher) ctx.setDispatcher(this.#dispatcher);
      else this.#dispatcher = ctx.getDispatcher();
      await this.#limiter.acquire(call.signal);
      return await this.#config.httpApi.send(ctx).toPromise();
    } catch (err) {
      throw toKubeError(err, what);
    }
  }
}
