import { test } from "node:test";
import assert from "node:assert/strict";
import { RepoError } from "../errors.ts";
import {
  add,
  deg,
  formatPolynomial,
  gcd,
  isIrreducible,
  mod,
  mulMod,
  parsePolynomial,
  polynomialDegree,
  randomPolynomial,
} from "./polynomial.ts";

const bin = (s: string): bigint => BigInt(`0b${s}`);

test("deg is the index of the highest set bit, −1 for zero", () => {
  assert.equal(deg(0n), -1);
  assert.equal(deg(1n), 0);
  assert.equal(deg(0x3af4b284899n), 41);
  assert.equal(deg(0x3da3358b4dc173n), 53);
  assert.equal(deg(0xffffffffn), 31);
  assert.equal(deg(0x100000000n), 32);
  assert.equal(deg((1n << 64n) - 1n), 63);
  assert.throws(
    () => deg(1n << 64n),
    (e) => RepoError.is(e, "InvalidArgument"),
  );
  assert.throws(
    () => deg(-1n),
    (e) => RepoError.is(e, "InvalidArgument"),
  );
});

test("add is XOR", () => {
  assert.equal(add(23n, 16n), 23n ^ 16n);
  assert.equal(add(0x9a7e30d1e855e0a0n, 0x670102a1f4bcd414n), 0xfd7f32701ce934b4n);
  assert.equal(add(0x9a7e30d1e855e0a0n, 0x9a7e30d1e855e0a0n), 0n);
});

test("mod is the remainder of long division", () => {
  assert.equal(mod(10n, 50n), 10n);
  assert.equal(mod(0n, 1n), 0n);
  assert.equal(mod(bin("101101001"), bin("1010")), 1n);
  assert.equal(mod(2n, 2n), 0n);
  assert.equal(mod(0x8000000000000000n, 0x8000000000000000n), 0n);
  assert.equal(mod(bin("1100"), bin("100")), 0n);
  assert.equal(mod(bin("1100001111"), bin("10011")), 0n);
  assert.throws(
    () => mod(5n, 0n),
    (e) => RepoError.is(e, "InvalidArgument"),
  );
});

test("mulMod multiplies without carries and reduces", () => {
  const big = 1n << 40n; // x^40: no reduction for small products
  assert.equal(mulMod(bin("1101"), bin("10"), big), bin("11010"));
  assert.equal(mulMod(bin("1101"), bin("11"), big), bin("10111"));
  assert.equal(mulMod(bin("10011"), bin("110101"), big), bin("1100001111"));
  assert.equal(mulMod(0x1230n, 0x230n, 0x55n), 0x22n);
  assert.equal(mulMod(0x0eae8c07dbbb3026n, 0xd5d6db9de04771den, 0xdd2bda3b77c9n), 0x425ae8595b7an);
  assert.equal(mulMod(0x1234n, 0x5678n, 1n), 0n);
});

test("gcd", () => {
  const cases: [bigint, bigint, bigint][] = [
    [10n, 50n, 2n],
    [0n, 1n, 1n],
    [bin("101101001"), bin("1010"), 1n],
    [2n, 2n, 2n],
    [bin("1010"), bin("11"), bin("11")],
    [0x8000000000000000n, 0x8000000000000000n, 0x8000000000000000n],
    [bin("1100"), bin("101"), bin("11")],
    [bin("1100001111"), bin("10011"), bin("10011")],
    [0x3da3358b4dc173n, 0x3da3358b4dc173n, 0x3da3358b4dc173n],
    [0x3da3358b4dc173n, 0x230d2259defdn, 1n],
    [0x230d2259defdn, 0x51b492b3eff2n, bin("10011")],
  ];
  for (const [a, b, want] of cases) {
    assert.equal(gcd(a, b), want, `gcd(${a}, ${b})`);
    assert.equal(gcd(b, a), want, `gcd(${b}, ${a})`);
  }
});

test("isIrreducible follows Ben-Or's test (restic's vectors)", () => {
  const irreducible = [0x3da3358b4dc173n, 0x2482734cacca49n, 0xbn, 0x3n, 0x2n];
  const reducible = [
    0x38f1e565e288dfn,
    0x30a8295b9d5c91n,
    0x255f4350b962cbn,
    0x267f776110a235n,
    0x2f4dae10d41227n,
    0x312daf4b284899n,
    0x29dfb6553d01d1n,
    0x3548245eb26257n,
    0x3199e7ef4211b3n,
    0x362f39017dae8bn,
    0x200d57aa6fdacbn,
    0x35e0a4efa1d275n,
    0x2ced55b026577fn,
    0x260b012010893dn,
    0x2df29cbcd59e9dn,
    0x3f2ac7488bd429n,
    0x3e5cb1711669fbn,
    0x226d8de57a9959n,
    0x3c8de80aaf5835n,
    0x2026a59efb219bn,
    0x39dfa4d13fb231n,
    0x3143d0464b3299n,
    0x5n, // (x+1)^2
    0n,
    1n,
  ];
  for (const p of irreducible) assert.equal(isIrreducible(p), true, p.toString(16));
  for (const p of reducible) assert.equal(isIrreducible(p), false, p.toString(16));
});

test("randomPolynomial gives distinct irreducible polynomials of degree 53", () => {
  const seen = new Set<bigint>();
  for (let i = 0; i < 4; i++) {
    const p = randomPolynomial();
    assert.equal(deg(p), polynomialDegree);
    assert.equal(p & 1n, 1n);
    assert.equal(isIrreducible(p), true);
    seen.add(p);
  }
  assert.equal(seen.size, 4);
});

test("format and parse use the config's lower-case hex without 0x", () => {
  assert.equal(formatPolynomial(0x3da3358b4dc173n), "3da3358b4dc173");
  assert.equal(parsePolynomial("3da3358b4dc173"), 0x3da3358b4dc173n);
  assert.equal(parsePolynomial("3DA3358B4DC173"), 0x3da3358b4dc173n);
  assert.equal(parsePolynomial("003caf26730a7f8d"), 0x3caf26730a7f8dn);
  // from real restic repositories (restic.md §1.3)
  assert.equal(parsePolynomial("3caf26730a7f8d"), 0x3caf26730a7f8dn);
  assert.equal(parsePolynomial("25b468838dcb75"), 0x25b468838dcb75n);
  const p = randomPolynomial();
  assert.equal(parsePolynomial(formatPolynomial(p)), p);
});

test("parsePolynomial rejects bad hex, reducible and unsupported polynomials", () => {
  const bad = [
    "",
    "0x3da3358b4dc173",
    "3da3358b4dc17g",
    " 3da3358b4dc173",
    "-3da3358b4dc173",
    "00000000003da3358b4dc173", // 24 digits
    "38f1e565e288df", // reducible
    "b", // irreducible but degree 3
    "ffffffffffffffff", // degree 63
  ];
  for (const hex of bad) {
    assert.throws(
      () => parsePolynomial(hex),
      (e) => RepoError.is(e, "InvalidFormat"),
      JSON.stringify(hex),
    );
  }
});
