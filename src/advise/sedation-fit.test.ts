import { describe, expect, it } from 'vitest';
import { logNormalCdf } from './sedation-fit.ts';

describe('sedation sensitivity from recorded overdose signs', () => {
  it('ln Φ is right in the middle and stays finite in both tails', () => {
    expect(Math.exp(logNormalCdf(0))).toBeCloseTo(0.5, 6);
    expect(Math.exp(logNormalCdf(1.959964))).toBeCloseTo(0.975, 6);
    expect(Math.exp(logNormalCdf(-1.959964))).toBeCloseTo(0.025, 6);
    // ln Φ(−10) = −53.231…; ln Φ(10) ≈ −7.6e-24.
    expect(logNormalCdf(-10)).toBeCloseTo(-53.2312, 3);
    expect(logNormalCdf(10)).toBeLessThanOrEqual(0);
    expect(logNormalCdf(10)).toBeGreaterThan(-1e-12);
  });
});
