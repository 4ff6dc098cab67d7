import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulDiv } from '../therapy/quantities.ts';
import { mulDivExact } from './exact.ts';

describe('mulDivExact', () => {
  it('agrees with the therapy core’s BigInt mulDiv everywhere (property)', () => {
    const big = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
    const mid = fc.integer({ min: 0, max: 2 ** 32 });
    fc.assert(
      fc.property(fc.oneof(big, mid), fc.oneof(big, mid), fc.integer({ min: 1, max: 2 ** 40 }), (a, b, c) => {
        let expected: number | string;
        try {
          expected = mulDiv(a, b, c);
        } catch {
          expected = 'throws';
        }
        let got: number | string;
        try {
          got = mulDivExact(a, b, c);
        } catch {
          got = 'throws';
        }
        expect(got).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('rounds halves away from zero like mulDiv', () => {
    expect(mulDivExact(1, 1, 2)).toBe(1);
    expect(mulDivExact(3, 1, 2)).toBe(2);
    expect(mulDivExact(1, 1, 3)).toBe(0);
    expect(mulDivExact(-3, 1, 2)).toBe(mulDiv(-3, 1, 2));
  });
});
