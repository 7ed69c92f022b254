/**
 * Records the outcome of every item: counts per action, Velero's restore resource list, a
 * JSON-lines file with every item, and a bounded list for the outcome object (a restore of
 * 100k items does not return 100k objects; the file has them all).
 */
import { appendFileSync, writeFileSync } from "node:fs";
import type { RestoreAction, RestoredItem } from "./types.ts";

export const maxOutcomeItems = 2000;

export class ItemRecorder {
  readonly file: string;
  readonly items: RestoredItem[] = [];
  readonly counts: Record<RestoreAction, number> = { created: 0, updated: 0, skipped: 0, failed: 0 };
  readonly #resourceList = new Map<string, string[]>();
  readonly #limit: number;
  #total = 0;
  #pending: string[] = [];

  constructor(file: string, limit = maxOutcomeItems) {
    this.file = file;
    this.#limit = limit;
    writeFileSync(file, "", { mode: 0o600 });
  }

  get recorded(): number {
    return this.#total;
  }

  get truncated(): boolean {
    return this.#total > this.items.length;
  }

  /** `kindKey` is "<apiVersion>/<Kind>" for the resource list ("apps/v1/Deployment"). */
  record(item: RestoredItem, kindKey: string): void {
    this.#total++;
    this.counts[item.action]++;
    if (this.items.length < this.#limit) this.items.push(item);
    const entry = `${item.namespace ? `${item.namespace}/` : ""}${item.name}(${item.action})`;
    let entries = this.#resourceList.get(kindKey);
    if (!entries) this.#resourceList.set(kindKey, (entries = []));
    entries.push(entry);
    this.#pending.push(JSON.stringify(item));
    if (this.#pending.length >= 256) this.flush();
  }

  flush(): void {
    if (this.#pending.length === 0) return;
    appendFileSync(this.file, this.#pending.join("\n") + "\n");
    this.#pending = [];
  }

  resourceList(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const key of [...this.#resourceList.keys()].sort()) out[key] = [...(this.#resourceList.get(key) ?? [])].sort();
    return out;
  }
}
