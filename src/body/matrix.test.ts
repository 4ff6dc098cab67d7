// The matrix exponential must be right to rounding: the body's "exact" solution is only as exact as expm
// (Moler & Van Loan 2003; Higham 2005 give the Padé scaling-and-squaring error bounds used here).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { at, combine, expm, fromRows, identity, mul, norm1, scale, solve, type Matrix } from './matrix.ts';

const close = (a: Matrix, b: Matrix, tol: number): void => {
  expect(norm1(combine(1, a, -1, b))).toBeLessThan(tol * Math.max(1, norm1(b)));
};

const small = fc
  .array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 16, maxLength: 16 })
  .map((v) => fromRows([v.slice(0, 4), v.slice(4, 8), v.slice(8, 12), v.slice(12, 16)]));

describe('expm', () => {
  it('exponentiates a diagonal matrix elementwise', () => {
    const e = expm(
      fromRows([
        [-2, 0],
        [0, 0.5],
      ]),
    );
    expect(at(e, 0, 0)).toBeCloseTo(Math.exp(-2), 15);
    expect(at(e, 1, 1)).toBeCloseTo(Math.exp(0.5), 14);
    expect(at(e, 0, 1)).toBe(0);
  });

  it('gives a rotation for a skew-symmetric generator, even with a large norm (many squarings)', () => {
    const theta = 40;
    const e = expm(
      fromRows([
        [0, -theta],
        [theta, 0],
      ]),
    );
    expect(at(e, 0, 0)).toBeCloseTo(Math.cos(theta), 10);
    expect(at(e, 1, 0)).toBeCloseTo(Math.sin(theta), 10);
  });

  it('is exact on a nilpotent matrix: e^[[0,1],[0,0]] = [[1,1],[0,1]]', () => {
    close(
      expm(
        fromRows([
          [0, 1],
          [0, 0],
        ]),
      ),
      fromRows([
        [1, 1],
        [0, 1],
      ]),
      1e-15,
    );
  });

  it('satisfies e^A · e^−A = I (property)', () => {
    fc.assert(fc.property(small, (a) => close(mul(expm(a), expm(scale(-1, a))), identity(4), 1e-9)));
  });

  it('satisfies e^((s+t)A) = e^(sA) · e^(tA) (property: splitting a step changes nothing)', () => {
    fc.assert(
      fc.property(
        small,
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        (a, s, t) => close(expm(scale(s + t, a)), mul(expm(scale(s, a)), expm(scale(t, a))), 1e-9),
      ),
    );
  });
});

describe('solve', () => {
  it('solves A·X = B (property on diagonally dominant matrices)', () => {
    fc.assert(
      fc.property(small, small, (r, b) => {
        const a = combine(1, r, 20, identity(4));
        close(mul(a, solve(a, b)), b, 1e-12);
      }),
    );
  });

  it('refuses a singular matrix', () => {
    expect(() =>
      solve(
        fromRows([
          [1, 2],
          [2, 4],
        ]),
        identity(2),
      ),
    ).toThrow(/singular/);
  });
});
