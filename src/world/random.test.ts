import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bernoulli,
  exponential,
  nextUint32,
  normal,
  seedRng,
  uniform,
  type Draw,
  type Rng,
} from './random.ts';

function sample<T>(rng: Rng, n: number, draw: (r: Rng) => Draw<T>): T[] {
  const out: T[] = [];
  let r = rng;
  for (let i = 0; i < n; i++) {
    const [v, next] = draw(r);
    out.push(v);
    r = next;
  }
  return out;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('seeded generator', () => {
  it('replays exactly from a seed and does not mutate its state (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), fc.string(), (seed, label) => {
        const rng = seedRng(seed, label);
        const before = rng.state;
        expect(sample(rng, 20, nextUint32)).toEqual(sample(seedRng(seed, label), 20, nextUint32));
        expect(rng.state).toBe(before);
      }),
    );
  });

  it('gives different streams for different labels and for seeds 2^32 apart', () => {
    expect(seedRng(7, 'refill').state).not.toBe(seedRng(7, 'mri').state);
    expect(seedRng(1).state).not.toBe(seedRng(1 + 2 ** 32).state);
  });

  it('draws uniforms in [0, 1) with mean ≈ 1/2', () => {
    const xs = sample(seedRng(1), 20_000, uniform);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    // Standard error of the mean of U(0,1) over 20,000 draws is 0.002; allow 5 SE.
    expect(Math.abs(mean(xs) - 0.5)).toBeLessThan(0.01);
  });

  it('draws normals with the requested mean and standard deviation', () => {
    const xs = sample(seedRng(2), 20_000, (r) => normal(r, 0.025, 0.0725));
    const m = mean(xs);
    const sd = Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
    expect(Math.abs(m - 0.025)).toBeLessThan(5 * (0.0725 / Math.sqrt(20_000)));
    expect(Math.abs(sd - 0.0725) / 0.0725).toBeLessThan(0.03);
  });

  it('draws exponentials with the requested mean, never negative', () => {
    const xs = sample(seedRng(3), 20_000, (r) => exponential(r, 10));
    expect(xs.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
    expect(Math.abs(mean(xs) - 10)).toBeLessThan(5 * (10 / Math.sqrt(20_000)));
  });

  it('draws Bernoulli trials at the requested probability', () => {
    const xs = sample(seedRng(4), 20_000, (r) => bernoulli(r, 0.2));
    const p = xs.filter(Boolean).length / xs.length;
    expect(Math.abs(p - 0.2)).toBeLessThan(5 * Math.sqrt((0.2 * 0.8) / 20_000));
  });
});
