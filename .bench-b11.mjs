import tar from "./node_modules/tar-stream/index.js";
import { createGzip } from "node:zlib";
import { createWriteStream } from "node:fs";
import { Transform, PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";
class Coalesce extends Transform {
  constructor(size) { super(); this.size = size; this.parts = []; this.len = 0; }
  _transform(chunk, _enc, cb) { this.parts.push(chunk); this.len += chunk.length; if (this.len >= this.size) { this.push(Buffer.concat(this.parts, this.len)); this.parts = []; this.len = 0; } cb(); }
  _flush(cb) { if (this.len) this.push(Buffer.concat(this.parts, this.len)); cb(); }
}
const mk = () => Array.from({ length: 20000 }, (_, i) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}`, namespace: `bb-${String(i % 200).padStart(3, "0")}`, uid: crypto.randomUUID(), resourceVersion: String(1000 + i), creationTimestamp: "2026-01-01T00:00:00Z", labels: { bench: "yes" } }, data: { value: "x".repeat(200) + i } }));
const mtime = new Date();
async function run(mode) {
  const items = mk();
  const pack = tar.pack();
  const stages = mode === "nogzip" ? [pack, new Coalesce(256 * 1024), createWriteStream("/tmp/b11.tar")] : [pack, new Coalesce(256 * 1024), createGzip({ level: mode === "gz1" ? 1 : 6 }), createWriteStream("/tmp/b11.tar.gz")];
  const done = pipeline(...stages);
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (const it of items) {
    const buf = Buffer.from(JSON.stringify(it));
    const p1 = `resources/configmaps/namespaces/${it.metadata.namespace}/${it.metadata.name}.json`;
    const p2 = `resources/configmaps/v1-preferredversion/namespaces/${it.metadata.namespace}/${it.metadata.name}.json`;
    if (mode === "json") continue;
    pack.entry({ name: p1, size: buf.length, mode: 0o644, mtime }, buf);
    await new Promise((res, rej) => pack.entry({ name: p2, size: buf.length, mode: 0o644, mtime }, buf, (e) => (e ? rej(e) : res())));
  }
  pack.finalize(); await done;
  const cpu = process.cpuUsage(c0);
  return `${mode}: wall ${(performance.now() - t0).toFixed(0)} cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)}`;
}
for (let r = 0; r < 3; r++) console.log([await run("json"), await run("nogzip"), await run("gz1"), await run("gz6")].join(" | "));
