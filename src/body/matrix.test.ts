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

/** The exponential as written before its scratch arrays: fresh matrices from mul/combine/solve. */
function expmAllocating(a: Matrix): Matrix {
  const norm = norm1(a);
  const s = norm > 0.5 ? Math.ceil(Math.log2(norm / 0.5)) : 0;
  const x = scale(2 ** -s, a);
  const pade = [1, 1 / 2, 5 / 44, 1 / 66, 1 / 792, 1 / 15840, 1 / 665280];
  let power = identity(a.n);
  let num = power;
  let den = power;
  for (let k = 1; k < pade.length; k++) {
    power = mul(power, x);
    num = combine(1, num, pade[k]!, power);
    den = combine(1, den, k % 2 === 0 ? pade[k]! : -pade[k]!, power);
  }
  let result = solve(den, num);
  for (let i = 0; i < s; i++) result = mul(result, result);
  return result;
}

describe('expm allocation (issue 14: a dozen fresh matrices per exponential)', () => {
  it('the scratch-array exponential equals the allocating formulation bit for bit, sizes 4 and 8', () => {
    const eight = fc
      .array(fc.double({ min: -40, max: 40, noNaN: true }), { minLength: 64, maxLength: 64 })
      .map((v) => fromRows(Array.from({ length: 8 }, (_, i) => v.slice(8 * i, 8 * i + 8))));
    fc.assert(
      fc.property(fc.oneof(small, eight), (a) => {
        expect(Array.from(expm(a).data)).toEqual(Array.from(expmAllocating(a).data));
      }),
      { numRuns: 300 },
    );
  });

  it('returns a matrix of its own: a later exponential does not change an earlier result', () => {
    const first = expm(
      fromRows([
        [1, 2],
        [0, -1],
      ]),
    );
    const copy = Array.from(first.data);
    expm(
      fromRows([
        [5, 0],
        [3, 7],
      ]),
    );
    expect(Array.from(first.data)).toEqual(copy);
  });
});
