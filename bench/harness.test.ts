/**
 * The benchmarks' one quantile (harness.ts), now shared by the api, board, cli and population benchmarks:
 * nearest rank, so every figure reported is a sample that was measured.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, quantile } from './harness.ts';

describe('quantile', () => {
  it('is the nearest-rank sample: a measured value with at least q of the samples at or below it, and fewer than q below it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 400 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (xs, q) => {
          const v = quantile(xs, q);
          expect(xs).toContain(v);
          expect(xs.filter((x) => x <= v).length).toBeGreaterThanOrEqual(Math.ceil(q * xs.length));
          expect(xs.filter((x) => x < v).length).toBeLessThan(Math.ceil(q * xs.length));
        },
      ),
    );
  });

  it('p99 of 90 samples is the slowest, of 300 the fourth slowest (three above it); no samples give NaN', () => {
    const ramp = (n: number) => Array.from({ length: n }, (_, i) => n - i);
    expect(quantile(ramp(90), 0.99)).toBe(90);
    expect(quantile(ramp(300), 0.99)).toBe(297);
    expect(quantile([], 0.5)).toBeNaN();
    expect(median([3, 1, 2, 4])).toBe(3);
  });
});
