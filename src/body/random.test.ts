// docs/architecture.md "pure": randomness is an argument; the same seed must give the same virtual patient.
import { describe, expect, it } from 'vitest';
import { createRng } from './random.ts';

const draw = (seed: number, n: number): number[] => {
  const r = createRng(seed);
  return Array.from({ length: n }, () => r.next());
};

describe('createRng', () => {
  it('repeats its stream for the same seed and differs for another', () => {
    expect(draw(42, 50)).toEqual(draw(42, 50));
    expect(draw(42, 50)).not.toEqual(draw(43, 50));
  });

  it('draws uniforms in [0, 1) with mean ½ and normals with mean 0, variance 1', () => {
    const r = createRng(7);
    const u = Array.from({ length: 20_000 }, () => r.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(u.reduce((a, b) => a + b, 0) / u.length).toBeCloseTo(0.5, 1);
    const z = Array.from({ length: 20_000 }, () => r.normal());
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const variance = z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('draws log-normals around their median', () => {
    const r = createRng(3);
    const v = Array.from({ length: 10_001 }, () => r.logNormal(5, 0.3)).sort((a, b) => a - b);
    expect(v[5000]).toBeGreaterThan(4.8);
    expect(v[5000]).toBeLessThan(5.2);
  });

  it('forks deterministic sub-streams that do not depend on how much the parent has drawn', () => {
    const a = createRng(9);
    const b = createRng(9);
    b.next();
    b.next();
    expect(a.fork('x').next()).toBe(b.fork('x').next());
    expect(a.fork('x').next()).not.toBe(a.fork('y').next());
  });

  it('refuses a non-finite seed', () => {
    expect(() => createRng(Number.NaN)).toThrow(RangeError);
  });
});
