/**
 * The HTTP listener of the server and the node agent: /metrics in Prometheus text from a
 * prom-client Registry, /healthz answering 200 "ok" while the process is ready and 503 with the
 * reason otherwise, 404 for anything else. The address is host:port (host defaults to
 * 127.0.0.1; port 0 picks a free one); "" turns the listener off.
 */
import { createServer, type Server } from "node:http";
import type { Registry } from "prom-client";

export interface Readiness {
  ready(): boolean;
  /** The /healthz body while not ready, e.g. "starting". */
  notReadyReason: string;
}

export function serveMetrics(address: string, registry: Registry, readiness: Readiness): Promise<Server | undefined> {
  if (address === "") return Promise.resolve(undefined);
  const colon = address.lastIndexOf(":");
  const host = address.slice(0, colon) || "127.0.0.1";
  const port = Number(address.slice(colon + 1));
  const server = createServer((req, res) => {
    if (req.url === "/metrics") {
      registry.metrics().then(
        (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
        (err: unknown) => res.writeHead(500).end(String(err)),
      );
    } else if (req.url === "/healthz") {
      const ready = readiness.ready();
      res.writeHead(ready ? 200 : 503).end(ready ? "ok\n" : `${readiness.notReadyReason}\n`);
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}
