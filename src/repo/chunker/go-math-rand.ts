/**
 * TEST SUPPORT ONLY — not used by production code. A port of Go's math/rand default source
 * (`rand.New(rand.NewSource(seed))`), needed to regenerate the pseudo-random inputs behind
 * restic's published chunker test vectors.
 *
 * The source is an additive lagged Fibonacci generator over 607 int64 words with tap 273:
 * each step moves `tap` and `feed` down by one (wrapping) and stores vec[feed] += vec[tap].
 * Seeding reduces the seed mod 2^31 − 1 (0 becomes 89482311), runs the Lehmer generator
 * x ← 48271·x mod (2^31 − 1) twenty times, then fills word i with
 * (x1 << 40) ^ (x2 << 20) ^ x3 ^ rngCooked[i] from the next three values. Int63 clears bit 63,
 * Uint32 is bits 31..62, and Read hands out 7 bytes of each Int63, lowest first.
 *
 * The 607 `rngCooked` constants are not copied here: loadRngCooked reads them at test time from
 * the Go installation (`$(go env GOROOT)/src/math/rand/rng.go`); Go is a prerequisite of this
 * project. The 64-bit words are kept as two 32-bit halves so 8 M draws take milliseconds.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const rngLen = 607;
const rngTap = 273;
const int32max = 2 ** 31 - 1;

let cooked: Promise<BigInt64Array> | undefined;

/** Parses the body of Go's `rngCooked [rngLen]int64 = [...]int64{ ... }` literal. */
export function parseRngCooked(source: string): BigInt64Array {
  const head = /rngCooked\s*\[rngLen\]int64\s*=\s*\[\.\.\.\]int64\{/.exec(source);
  if (head === null) throw new Error("rng.go: no rngCooked literal");
  const from = head.index + head[0].length;
  const to = source.indexOf("}", from);
  const numbers = source.slice(from, to).match(/-?\d+/g) ?? [];
  if (numbers.length !== rngLen) throw new Error(`rng.go: rngCooked has ${numbers.length} values, want ${rngLen}`);
  return BigInt64Array.from(numbers, (n) => BigInt(n));
}

/** The rngCooked table of the Go installation on this machine (read once). */
export function loadRngCooked(): Promise<BigInt64Array> {
  cooked ??= (async () => {
    const { stdout } = await promisify(execFile)("go", ["env", "GOROOT"]);
    const file = path.join(stdout.trim(), "src", "math", "rand", "rng.go");
    return parseRngCooked(await readFile(file, "utf8"));
  })();
  return cooked;
}

function seedrand(x: number): number {
  return (48271 * x) % int32max;
}

export class GoRand {
  readonly #hi = new Uint32Array(rngLen);
  readonly #lo = new Uint32Array(rngLen);
  #tap = 0;
  #feed = rngLen - rngTap;
  #outHi = 0;
  #outLo = 0;
  readonly #readBuf = new Uint8Array(7);
  #readPos = 7;

  constructor(seed: bigint, rngCooked: BigInt64Array) {
    let s = seed % BigInt(int32max);
    if (s < 0n) s += BigInt(int32max);
    let x = s === 0n ? 89482311 : Number(s);
    for (let i = -20; i < rngLen; i++) {
      x = seedrand(x);
      if (i < 0) continue;
      let u = BigInt(x) << 40n;
      x = seedrand(x);
      u ^= BigInt(x) << 20n;
      x = seedrand(x);
      u ^= BigInt(x) ^ rngCooked[i]!;
      u = BigInt.asUintN(64, u);
      this.#hi[i] = Number(u >> 32n);
      this.#lo[i] = Number(u & 0xffffffffn);
    }
  }

  /** One step of the generator: the next uint64 in #outHi/#outLo. */
  #step(): void {
    if (--this.#tap < 0) this.#tap += rngLen;
    if (--this.#feed < 0) this.#feed += rngLen;
    const lo = this.#lo[this.#feed]! + this.#lo[this.#tap]!;
    const carry = lo > 0xffffffff ? 1 : 0;
    this.#outLo = this.#lo[this.#feed] = lo >>> 0;
    this.#outHi = this.#hi[this.#feed] = (this.#hi[this.#feed]! + this.#hi[this.#tap]! + carry) >>> 0;
  }

  int63(): bigint {
    this.#step();
    return (BigInt(this.#outHi & 0x7fffffff) << 32n) | BigInt(this.#outLo);
  }

  uint32(): number {
    this.#step();
    return ((this.#outHi << 1) | (this.#outLo >>> 31)) >>> 0;
  }

  /** Fills p as Go's Rand.Read does, keeping unread bytes of the last Int63 for the next call. */
  read(p: Uint8Array): void {
    const buf = this.#readBuf;
    for (let n = 0; n < p.length; n++) {
      if (this.#readPos === 7) {
        this.#step();
        const lo = this.#outLo;
        const hi = this.#outHi;
        buf[0] = lo;
        buf[1] = lo >>> 8;
        buf[2] = lo >>> 16;
        buf[3] = lo >>> 24;
        buf[4] = hi;
        buf[5] = hi >>> 8;
        buf[6] = hi >>> 16;
        this.#readPos = 0;
      }
      p[n] = buf[this.#readPos++]!;
    }
  }
}

/** restic's chunker_test getRandom(seed, count): Uint32() values written little-endian. */
export async function goRandomUint32Bytes(seed: bigint, count: number): Promise<Buffer> {
  const rng = new GoRand(seed, await loadRngCooked());
  const out = Buffer.alloc(count);
  for (let i = 0; i < count; i += 4) {
    const v = rng.uint32();
    for (let k = 0; k < 4 && i + k < count; k++) out[i + k] = v >>> (8 * k);
  }
  return out;
}

/** restic's ExampleChunker input: rng.Read(data) of count bytes. */
export async function goRandomReadBytes(seed: bigint, count: number): Promise<Buffer> {
  const rng = new GoRand(seed, await loadRngCooked());
  const out = Buffer.alloc(count);
  rng.read(out);
  return out;
}
