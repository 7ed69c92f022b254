/** Minimal HTTP(S) GET for health probes: status and body, with optional client certificate. */
import http from "node:http";
import https from "node:https";
import { readFileSync } from "node:fs";

export interface ProbeTls {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** Components with self-signed serving certs (controller manager, scheduler). */
  insecure?: boolean;
}

export function probe(url: string, tls: ProbeTls = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const options: https.RequestOptions = { timeout: 5000 };
    if (url.startsWith("https:")) {
      if (tls.caFile) options.ca = readFileSync(tls.caFile);
      if (tls.certFile) options.cert = readFileSync(tls.certFile);
      if (tls.keyFile) options.key = readFileSync(tls.keyFile);
      options.rejectUnauthorized = !tls.insecure;
    }
    const get = url.startsWith("https:") ? https.get : http.get;
    const req = get(url, options, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`timeout: ${url}`)));
    req.on("error", reject);
  });
}
