import tar from "./node_modules/tar-stream/index.js";
import headers from "./node_modules/tar-stream/headers.js";
import { createGzip } from "node:zlib";
import { createWriteStream } from "node:fs";
import { Transform, PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";
const items = Array.from({ length: 20000 }, (_, i) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}`, namespace: `ns-${i % 200}`, uid: crypto.randomUUID(), resourceVersion: String(1000 + i), creationTimestamp: "2026-01-01T00:00:00Z", labels: { bench: "yes" } }, data: { value: crypto.randomUUID().repeat(8) } }));
class Coalesce extends Transform {
  constructor(size) { super(); this.size = size; this.parts = []; this.len = 0; }
  _transform(chunk, _enc, cb) { this.parts.push(chunk); this.len += chunk.length; if (this.len >= this.size) { this.push(Buffer.concat(this.parts, this.len)); this.parts = []; this.len = 0; } cb(); }
  _flush(cb) { if (this.len) this.push(Buffer.concat(this.parts, this.len)); cb(); }
}
const mtime = new Date();
async function variantA() { // await last of two entries
  const pack = tar.pack();
  const done = pipeline(pack, new Coalesce(256 * 1024), createGzip(), createWriteStream("/tmp/b6a.tar.gz"));
  const t0 = performance.now();
  for (const it of items) {
    const buf = Buffer.from(JSON.stringify(it));
    const p1 = `resources/configmaps/namespaces/${it.metadata.namespace}/${it.metadata.name}.json`;
    const p2 = `resources/configmaps/v1-preferredversion/namespaces/${it.metadata.namespace}/${it.metadata.name}.json`;
    pack.entry({ name: p1, size: buf.length, mode: 0o644, mtime }, buf);
    await new Promise((res, rej) => pack.entry({ name: p2, size: buf.length, mode: 0o644, mtime }, buf, (e) => (e ? rej(e) : res())));
  }
  pack.finalize(); await done;
  return performance.now() - t0;
}
async function variantB() { // encode headers ourselves, write to a PassThrough with backpressure
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const done = pipeline(out, createGzip(), createWriteStream("/tmp/b6b.tar.gz"));
  const t0 = performance.now();
  const pad = Buffer.alloc(512);
  let parts = [], len = 0;
  const flush = async () => { if (!out.write(Buffer.concat(parts, len))) await new Promise(r => out.once("drain", r)); parts = []; len = 0; };
  for (const it of items) {
    const buf = Buffer.from(JSON.stringify(it));
    for (const p of [`resources/configmaps/namespaces/${it.metadata.namespace}/${it.metadata.name}.json`, `resources/configmaps/v1-preferredversion/namespaces/${it.metadata.namespace}/${it.metadata.name}.json`]) {
      const h = headers.encode({ name: p, size: buf.length, mode: 0o644, mtime, type: "file", uid: 0, gid: 0 });
      parts.push(h, buf); len += 512 + buf.length;
      const rest = buf.length % 512; if (rest) { parts.push(pad.subarray(0, 512 - rest)); len += 512 - rest; }
    }
    if (len > 256 * 1024) await flush();
  }
  parts.push(Buffer.alloc(1024)); len += 1024; await flush(); out.end(); await done;
  return performance.now() - t0;
}
for (let r = 0; r < 3; r++) console.log(`A ${(await variantA()).toFixed(0)}ms  B ${(await variantB()).toFixed(0)}ms`);
