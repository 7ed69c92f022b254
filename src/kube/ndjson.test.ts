import { test } from "node:test";
import assert from "node:assert/strict";
import { ndjsonLines } from "./ndjson.ts";

function chunks(parts: Array<string | Uint8Array>): AsyncIterable<Uint8Array> {
  return (async function* () {
    for (const p of parts) yield await Promise.resolve(typeof p === "string" ? new TextEncoder().encode(p) : p);
  })();
}

async function collect(parts: Array<string | Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of ndjsonLines(chunks(parts))) out.push(line);
  return out;
}

test("lines split across chunks and several lines per chunk", async () => {
  assert.deepEqual(await collect(['{"a":', '1}\n{"b":2}\n{"c"', ":3}\n\n"]), ['{"a":1}', '{"b":2}', '{"c":3}']);
});

test("a final line without newline is yielded", async () => {
  assert.deepEqual(await collect(['{"a":1}\n{"b":2}']), ['{"a":1}', '{"b":2}']);
});

test("multi-byte characters split between chunks survive", async () => {
  const bytes = new TextEncoder().encode('{"name":"ünïcødé"}\n');
  assert.deepEqual(await collect([bytes.slice(0, 10), bytes.slice(10)]), ['{"name":"ünïcødé"}']);
});
