/**
 * A small seeded pseudo-random generator for the virtual patient (docs/architecture.md "pure": randomness comes in
 * as an argument, never from Math.random). xoshiro128** seeded through splitmix32: fast, 2^128 − 1 period,
 * and the same sequence on every platform because it uses only 32-bit integer arithmetic.
 */

/** A deterministic stream of random numbers. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal N(0, 1) (Box–Muller on two uniforms). */
  normal(): number;
  /** Log-normal with the given median and standard deviation of the logarithm (ω). */
  logNormal(median: number, omega: number): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An independent stream derived from this one's seed and a label (order-independent sub-streams). */
  fork(label: string): Rng;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a of a label, to derive sub-stream seeds from names. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/** Creates a generator from an integer seed; the same seed always gives the same stream. */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be finite, got ${seed}`);
  const root = Math.trunc(seed) >>> 0;
  const init = splitmix32(root);
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  if ((a | b | c | d) === 0) a = 1; // the all-zero state is a fixed point of xoshiro
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const next = (): number => nextU32() / 4294967296;
  const normal = (): number => {
    // 1 − u keeps the logarithm's argument in (0, 1].
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    normal,
    logNormal: (median, omega) => median * Math.exp(omega * normal()),
    int: (n) => Math.floor(next() * n),
    fork: (label) => createRng((root ^ hashLabel(label)) >>> 0),
  };
}
