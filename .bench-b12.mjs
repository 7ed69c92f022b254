import tar from "./node_modules/tar-stream/index.js";
const mk = () => Array.from({ length: 20000 }, (_, i) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}`, namespace: `bb-${String(i % 200).padStart(3, "0")}`, uid: crypto.randomUUID() }, data: { value: "x".repeat(200) + i } }));
const mtime = new Date();
async function run(awaitMode) {
  const items = mk();
  const pack = tar.pack();
  let n = 0; pack.on("data", (c) => { n += c.length; });
  const ended = new Promise((r) => pack.on("end", r));
  const c0 = process.cpuUsage(); const t0 = performance.now();
  let i = 0;
  for (const it of items) {
    const buf = Buffer.from(JSON.stringify(it));
    const p1 = `resources/configmaps/namespaces/${it.metadata.namespace}/${it.metadata.name}.json`;
    const p2 = `resources/configmaps/v1-preferredversion/namespaces/${it.metadata.namespace}/${it.metadata.name}.json`;
    pack.entry({ name: p1, size: buf.length, mode: 0o644, mtime }, buf);
    if (awaitMode === "each" || (awaitMode === "every100" && ++i % 100 === 0)) await new Promise((res, rej) => pack.entry({ name: p2, size: buf.length, mode: 0o644, mtime }, buf, (e) => (e ? rej(e) : res())));
    else pack.entry({ name: p2, size: buf.length, mode: 0o644, mtime }, buf);
  }
  pack.finalize(); await ended;
  const cpu = process.cpuUsage(c0);
  return `${awaitMode}: wall ${(performance.now() - t0).toFixed(0)} cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)}`;
}
for (let r = 0; r < 3; r++) console.log([await run("each"), await run("every100"), await run("none")].join(" | "));
