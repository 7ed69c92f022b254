/**
 * A loopback HTTP proxy for fault-injection tests: it forwards requests to an upstream server
 * (MinIO) unchanged — Host header included, so SigV4 signatures stay valid — unless a queued
 * fault matches, in which case it answers with an S3 error, resets the connection part-way
 * through the body, or stalls. Listens on 127.0.0.1 only; `close()` stops it.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  | { kind: "status"; status: number; code: string }
  | { kind: "reset-response"; afterBytes: number }
  | { kind: "reset-request" }
  | { kind: "stall"; ms: number };

export interface FaultRule {
  method?: string;
  /** Matches when the request URL (path + query) contains this. */
  urlIncludes?: string;
  fault: Fault;
  /** How many matching requests get the fault (default 1). */
  times?: number;
}

export interface SeenRequest {
  method: string;
  url: string;
  fault?: Fault["kind"];
}

export class FaultProxy {
  readonly seen: SeenRequest[] = [];
  private readonly rules: (FaultRule & { left: number })[] = [];
  private readonly server: http.Server;
  private readonly upstream: URL;
  private readonly agent = new http.Agent({ keepAlive: true });

  private constructor(upstream: string) {
    this.upstream = new URL(upstream);
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  static async start(upstream: string): Promise<FaultProxy> {
    const proxy = new FaultProxy(upstream);
    await new Promise<void>((resolve) => proxy.server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  inject(rule: FaultRule): void {
    this.rules.push({ ...rule, left: rule.times ?? 1 });
  }

  clear(): void {
    this.rules.length = 0;
    this.seen.length = 0;
  }

  private take(req: http.IncomingMessage): Fault | undefined {
    const rule = this.rules.find(
      (r) =>
        r.left > 0 &&
        (!r.method || r.method === req.method) &&
        (!r.urlIncludes || (req.url ?? "").includes(r.urlIncludes)),
    );
    if (!rule) return undefined;
    rule.left--;
    return rule.fault;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const fault = this.take(req);
    this.seen.push({
      method: req.method ?? "",
      url: req.url ?? "",
      ...(fault ? { fault: fault.kind } : {}),
    });
    if (fault?.kind === "status") {
      req.resume();
      req.on("end", () => {
        res.writeHead(fault.status, { "content-type": "application/xml" });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${fault.code}</Code><Message>injected by the fault proxy</Message></Error>`,
        );
      });
      return;
    }
    if (fault?.kind === "stall") {
      const timer = setTimeout(() => req.socket.destroy(), fault.ms);
      req.socket.on("close", () => clearTimeout(timer));
      return;
    }
    if (fault?.kind === "reset-request") {
      let seen = 0;
      req.on("data", (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > 1024) req.socket.destroy();
      });
      req.on("end", () => req.socket.destroy());
      return;
    }
    this.forward(req, res, fault?.kind === "reset-response" ? fault.afterBytes : undefined);
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse, resetAfter: number | undefined): void {
    const upstreamReq = http.request(
      {
        host: this.upstream.hostname,
        port: this.upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent: this.agent,
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        let sent = 0;
        upstreamRes.on("data", (chunk: Buffer) => {
          if (resetAfter !== undefined && sent + chunk.length > resetAfter) {
            res.write(chunk.subarray(0, Math.max(0, resetAfter - sent)));
            upstreamRes.destroy();
            res.socket?.destroy();
            return;
          }
          sent += chunk.length;
          res.write(chunk);
        });
        upstreamRes.on("end", () => res.end());
      },
    );
    upstreamReq.on("error", () => res.socket?.destroy());
    req.pipe(upstreamReq);
  }

  async close(): Promise<void> {
    this.agent.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
