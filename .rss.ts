const r0 = process.memoryUsage().rss;
await import("@kubernetes/client-node");
const r1 = process.memoryUsage().rss;
await import("./src/backup/backup.ts");
const r2 = process.memoryUsage().rss;
console.log((r0/1e6).toFixed(0), (r1/1e6).toFixed(0), (r2/1e6).toFixed(0));
