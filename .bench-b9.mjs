import { createGzip } from "node:zlib";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
const chunk = Buffer.alloc(256 * 1024);
for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 7919 + (i >> 9)) % 251 < 200 ? 120 : (i % 97);
const total = 40 * 1024 * 1024;
for (const level of [6, 1, 6, 1]) {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  let n = 0;
  await pipeline(Readable.from((function* () { for (let s = 0; s < total; s += chunk.length) yield chunk; })()), createGzip({ level }), new Writable({ write(c, e, cb) { n += c.length; cb(); } }));
  const cpu = process.cpuUsage(c0);
  console.log(`level ${level}: wall ${(performance.now() - t0).toFixed(0)}ms, process cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)}ms, out ${n}`);
}
