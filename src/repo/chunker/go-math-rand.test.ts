// Expected values below were printed by Go 1.26's math/rand (rand.New(rand.NewSource(seed))).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { GoRand, goRandomReadBytes, goRandomUint32Bytes, loadRngCooked, parseRngCooked } from "./go-math-rand.ts";

const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

test("the rngCooked table is read from the Go installation", async () => {
  const cooked = await loadRngCooked();
  assert.equal(cooked.length, 607);
  assert.equal(await loadRngCooked(), cooked);
});

test("parseRngCooked rejects a file without a complete table", () => {
  assert.throws(() => parseRngCooked("package rand\n"), /no rngCooked/);
  assert.throws(() => parseRngCooked("rngCooked [rngLen]int64 = [...]int64{\n 1, -2,\n}"), /has 2 values/);
});

test("Uint32 and Int63 for seed 23 match Go", async () => {
  const cooked = await loadRngCooked();
  const a = new GoRand(23n, cooked);
  assert.deepEqual(
    Array.from({ length: 6 }, () => a.uint32()),
    [3487928015, 2356368465, 953638426, 196385641, 1530619800, 4124604295],
  );
  const b = new GoRand(23n, cooked);
  assert.deepEqual(
    [b.int63(), b.int63(), b.int63()],
    [7490268378518980123n, 5060262747786418993n, 2047922926196700949n],
  );
});

test("seeds are reduced as Go does (0, negative, ≥ 2^31 − 1)", async () => {
  const cooked = await loadRngCooked();
  const cases: [bigint, number, bigint][] = [
    [0n, 4059586549, 2259404117704393152n],
    [-5n, 843631017, 4427849682616757295n],
    [1n << 40n, 2547277771, 6322525149314491254n],
  ];
  for (const [seed, u32, i63] of cases) {
    const r = new GoRand(seed, cooked);
    assert.equal(r.uint32(), u32, `seed ${seed}`);
    assert.equal(r.int63(), i63, `seed ${seed}`);
  }
});

test("Read gives 7 bytes per Int63, low byte first, across calls", async () => {
  const cooked = await loadRngCooked();
  const whole = Buffer.alloc(64);
  new GoRand(23n, cooked).read(whole);
  assert.equal(whole.subarray(0, 16).toString("hex"), "1b06f7b567c7f2319bf39f28aa391537");
  const pieces = new GoRand(23n, cooked);
  const parts = [3, 1, 9, 7, 0, 44].map((n) => {
    const p = Buffer.alloc(n);
    pieces.read(p);
    return p;
  });
  assert.deepEqual(Buffer.concat(parts), whole);
});

test("the 32 MiB test inputs match Go's", async () => {
  assert.equal(
    sha256(await goRandomUint32Bytes(23n, 32 * 1024 * 1024)),
    "529617b3a6df2372a77f656f14a5baaf997dc03c1fc458d196f933fed0a46573",
  );
  assert.equal(
    sha256(await goRandomReadBytes(23n, 32 * 1024 * 1024)),
    "c5c2783e0c54d67b33f362abc4bfda0141d85c9d7701ccfc48488f6e09120885",
  );
});
