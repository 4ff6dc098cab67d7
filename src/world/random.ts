/**
 * A small seeded pseudo-random generator for the pure core (no Math.random: docs/architecture.md, pure core).
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state, fast, good enough for simulation noise, not
 * for cryptography. The state is an immutable value; every draw returns the value and the next state, so
 * a world can carry its generators inside its own immutable state and replay exactly from a seed.
 *
 * Named streams ({@link seedRng} with a label) keep unrelated draws independent: adding an MRI to a
 * scenario must not change the delivery errors drawn at its refills.
 */

/** A generator state. */
export interface Rng {
  readonly state: number;
}

/** A drawn value with the generator state after the draw. */
export type Draw<T> = readonly [value: T, next: Rng];

/** MurmurHash3's 32-bit finaliser: spreads nearby seeds over the whole state space. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over the UTF-16 code units of a label. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A generator for `seed` (any safe integer) and an optional stream label. */
export function seedRng(seed: number, stream = ''): Rng {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 0x100000000) >>> 0;
  return { state: fmix32(fmix32(lo ^ fmix32(hi)) ^ hashLabel(stream)) };
}

/** The next unsigned 32-bit integer. */
export function nextUint32(rng: Rng): Draw<number> {
  const state = (rng.state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [(t ^ (t >>> 14)) >>> 0, { state }];
}

/** Uniform on [0, 1). */
export function uniform(rng: Rng): Draw<number> {
  const [u, next] = nextUint32(rng);
  return [u / 0x100000000, next];
}

/** Uniform on [lo, hi). */
export function uniformBetween(rng: Rng, lo: number, hi: number): Draw<number> {
  const [u, next] = uniform(rng);
  return [lo + (hi - lo) * u, next];
}

/** Normal with the given mean and standard deviation (Box–Muller; two uniform draws per value). */
export function normal(rng: Rng, mean: number, sd: number): Draw<number> {
  const [u1, r1] = uniform(rng);
  const [u2, r2] = uniform(r1);
  // 1 − u1 lies in (0, 1], so the logarithm is finite.
  const z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  return [mean + sd * z, r2];
}

/** Exponential with the given mean (inverse transform). */
export function exponential(rng: Rng, mean: number): Draw<number> {
  const [u, next] = uniform(rng);
  return [-mean * Math.log(1 - u), next];
}

/** True with probability `p`. */
export function bernoulli(rng: Rng, p: number): Draw<boolean> {
  const [u, next] = uniform(rng);
  return [u < p, next];
}
