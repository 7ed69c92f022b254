import { test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { bar, progressPrinter, renderBarLine, renderPlainLine } from "./progress-bar.ts";

test("the bar fills in proportion and shows its head", () => {
  assert.equal(bar(0, 100, 10), "[          ]");
  assert.equal(bar(50, 100, 10), "[====>     ]");
  assert.equal(bar(100, 100, 10), "[==========]");
  assert.equal(bar(7, 0, 4), "[    ]", "unknown total");
  assert.equal(bar(200, 100, 4), "[====]", "never overflows");
});

test("the live line shows items, bytes and the clock", () => {
  const line = renderBarLine({ phase: "InProgress", done: 1234, total: 5678, bytes: 12_300_000 }, 42_000, 10);
  assert.equal(line, "[=>        ] 1234/5678 items  12.3 MB  00:42  InProgress");
  assert.equal(renderPlainLine({ phase: "InProgress", done: 3, total: 0 }, 2_000), "00:02 InProgress: 3 items");
});

function capture(isTTY: boolean): { out: PassThrough & { isTTY?: boolean }; text: () => string } {
  const out = new PassThrough() as PassThrough & { isTTY?: boolean };
  out.isTTY = isTTY;
  const chunks: string[] = [];
  out.on("data", (c: Buffer) => chunks.push(c.toString()));
  return { out, text: () => chunks.join("") };
}

test("off a terminal, plain lines come at most every 2 s and only on change", () => {
  let t = 0;
  const { out, text } = capture(false);
  const p = progressPrinter({ out, now: () => t });
  p.update({ phase: "InProgress", done: 1, total: 10 });
  t = 500;
  p.update({ phase: "InProgress", done: 2, total: 10 }); // too soon
  t = 2500;
  p.update({ phase: "InProgress", done: 2, total: 10 });
  t = 5000;
  p.update({ phase: "InProgress", done: 2, total: 10 }); // unchanged
  p.done();
  assert.equal(text(), "00:00 InProgress: 1/10 items\n00:02 InProgress: 2/10 items\n");
});

test("on a terminal the line is redrawn in place and cleared at the end", () => {
  const { out, text } = capture(true);
  const p = progressPrinter({ out, now: () => 0 });
  p.update({ phase: "InProgress", done: 1, total: 2 });
  p.done();
  const clearLine = "\u001b[K";
  assert.equal(text(), `\r[${"=".repeat(9)}>${" ".repeat(10)}] 1/2 items  00:00  InProgress${clearLine}\r${clearLine}`);
});
