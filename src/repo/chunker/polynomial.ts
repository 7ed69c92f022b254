/**
 * Polynomials over GF(2) of degree at most 64, held as non-negative bigints whose bit i is the
 * coefficient of x^i (restic's `Pol`). Addition is XOR, multiplication is carry-less, and `mod`
 * is long division with XOR. A restic repository's config stores one random irreducible
 * polynomial of degree 53 ("chunker_polynomial", lower-case hex without 0x); the chunker computes
 * its Rabin fingerprints modulo that polynomial.
 *
 * Irreducibility uses Ben-Or's test: f of degree d is irreducible iff
 * gcd(f, x^(2^i) − x mod f) = 1 for every i = 1..⌊d/2⌋.
 */
import { randomBytes } from "node:crypto";
import { RepoError } from "../errors.ts";

/** The degree of the polynomials restic generates (the largest prime below 64 − 8). */
export const polynomialDegree = 53;

const maxValue = (1n << 64n) - 1n;
const maxRandomTries = 1_000_000;

function check(p: bigint): void {
  if (p < 0n || p > maxValue) throw new RepoError("InvalidArgument", "polynomial: outside 0..2^64-1");
}

/** The degree of p; −1 for the zero polynomial. */
export function deg(p: bigint): number {
  check(p);
  if (p === 0n) return -1;
  const hi = Number(p >> 32n);
  return hi !== 0 ? 63 - Math.clz32(hi) : 31 - Math.clz32(Number(p));
}

/** p + q, which over GF(2) is also p − q. */
export function add(p: bigint, q: bigint): bigint {
  return p ^ q;
}

/** The remainder of p divided by m (m ≠ 0). */
export function mod(p: bigint, m: bigint): bigint {
  const dm = deg(m);
  if (dm < 0) throw new RepoError("InvalidArgument", "polynomial: division by zero");
  let r = p;
  for (let dr = deg(r); dr >= dm; dr = deg(r)) r ^= m << BigInt(dr - dm);
  return r;
}

/** p · q mod m (m ≠ 0); the inputs may have any degree ≤ 64. */
export function mulMod(p: bigint, q: bigint, m: bigint): bigint {
  check(q);
  const dm = deg(m);
  let a = mod(p, m);
  if (dm === 0) return 0n;
  const top = 1n << BigInt(dm);
  let result = 0n;
  for (let b = q; b !== 0n; b >>= 1n) {
    if ((b & 1n) === 1n) result ^= a;
    a <<= 1n;
    if ((a & top) !== 0n) a ^= m;
  }
  return result;
}

/** The greatest common divisor of p and q (gcd(p, 0) = p). */
export function gcd(p: bigint, q: bigint): bigint {
  let a = p;
  let b = q;
  while (b !== 0n) [a, b] = [b, mod(a, b)];
  return a;
}

/** x^(2^i) − x mod f, by squaring x i times. */
function frobeniusMinusX(i: number, f: bigint): bigint {
  let r = mod(2n, f);
  for (let k = 0; k < i; k++) r = mulMod(r, r, f);
  return r ^ mod(2n, f);
}

/** Whether p (degree ≥ 1) is irreducible over GF(2), by Ben-Or's test. */
export function isIrreducible(p: bigint): boolean {
  const d = deg(p);
  if (d < 1) return false;
  for (let i = 1; i <= d / 2; i++) {
    if (gcd(p, frobeniusMinusX(i, p)) !== 1n) return false;
  }
  return true;
}

/**
 * A new random irreducible polynomial of degree 53, as restic makes one for a new repository:
 * 8 little-endian bytes from the CSPRNG, masked to 54 bits, with x^53 and 1 set, retried until
 * irreducible (about 7.5% of candidates are).
 */
export function randomPolynomial(): bigint {
  for (let i = 0; i < maxRandomTries; i++) {
    let f = randomBytes(8).readBigUInt64LE(0);
    f &= (1n << 54n) - 1n;
    f |= (1n << 53n) | 1n;
    if (isIrreducible(f)) return f;
  }
  throw new RepoError("InvalidArgument", `polynomial: no irreducible polynomial in ${maxRandomTries} tries`);
}

/** The config form of p: lower-case hex, no 0x prefix, no leading zeros. */
export function formatPolynomial(p: bigint): string {
  check(p);
  return p.toString(16);
}

/** The lowest and highest degree the chunker supports (restic requires ≤ 53 and writes 53). */
export const minChunkerDegree = 40;
export const maxChunkerDegree = 53;

/**
 * Parses a config "chunker_polynomial": hex digits (either case, as Go's ParseUint(s, 16, 64)
 * reads them), an irreducible polynomial of a degree the chunker supports. RepoError
 * "InvalidFormat" otherwise.
 */
export function parsePolynomial(hex: string): bigint {
  if (!/^[0-9a-fA-F]{1,16}$/.test(hex)) {
    throw new RepoError("InvalidFormat", `chunker polynomial: ${JSON.stringify(hex)} is not 1 to 16 hex digits`);
  }
  const p = BigInt(`0x${hex}`);
  const d = deg(p);
  if (d < minChunkerDegree || d > maxChunkerDegree) {
    throw new RepoError(
      "InvalidFormat",
      `chunker polynomial: ${hex} has degree ${d}, want ${minChunkerDegree}..${maxChunkerDegree}`,
    );
  }
  if (!isIrreducible(p)) throw new RepoError("InvalidFormat", `chunker polynomial: ${hex} is not irreducible`);
  return p;
}
