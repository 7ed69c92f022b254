/** Reads the committed test vectors and captured restic documents in this folder. */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";

const here = import.meta.dirname;

/** The tab-separated rows of a vector file under go1.26.8/. */
export function goVectors(file: string): string[][] {
  const text = readFileSync(path.join(here, "go1.26.8", file), "utf8");
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.split("\t"));
}

/** The captured documents of one kind ("tree" or "snapshot") under restic-0.19.1/, by ID. */
export function resticDocuments(kind: "tree" | "snapshot"): Map<string, Buffer> {
  const dir = path.join(here, "restic-0.19.1");
  const out = new Map<string, Buffer>();
  for (const file of readdirSync(dir).sort()) {
    const match = new RegExp(`^${kind}-([0-9a-f]{64})\\.txt$`).exec(file);
    if (match?.[1]) out.set(match[1], readFileSync(path.join(dir, file)));
  }
  return out;
}
