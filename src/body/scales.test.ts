// docs/clinical-reference.md §4: the Modified Ashworth Scale has six grades 0, 1, 1+, 2, 3, 4 — "1+" is not a number; the
// Penn Spasm Frequency Score runs 0–4.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAS_SCORES, isMasScore, masFromContinuous, masPosition, pennFromContinuous } from './scales.ts';

describe('MAS', () => {
  it('has exactly the six clinical grades, "1+" among them as a label', () => {
    expect(MAS_SCORES).toEqual(['0', '1', '1+', '2', '3', '4']);
    expect(isMasScore('1+')).toBe(true);
    expect(isMasScore('1.5')).toBe(false);
  });

  it('rounds each grade’s own position back to that grade', () => {
    for (const s of MAS_SCORES) expect(masFromContinuous(masPosition(s))).toBe(s);
  });

  it('rounds the trial figures: baseline 3.9 → 4, on therapy 1.2 → 1 and 1.7 → 1+ (Penn 1989; Coffey 1993)', () => {
    expect(masFromContinuous(3.9)).toBe('4');
    expect(masFromContinuous(1.2)).toBe('1');
    expect(masFromContinuous(1.7)).toBe('1+');
  });

  it('never ranks a higher tone below a lower one (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1, max: 5, noNaN: true }),
        fc.double({ min: -1, max: 5, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(masPosition(masFromContinuous(lo))).toBeLessThanOrEqual(masPosition(masFromContinuous(hi)));
        },
      ),
    );
  });

  it('refuses NaN instead of guessing a grade', () => {
    expect(() => masFromContinuous(Number.NaN)).toThrow(RangeError);
  });
});

describe('Penn spasm score', () => {
  it('rounds and clamps to 0–4', () => {
    expect(pennFromContinuous(3.2)).toBe(3);
    expect(pennFromContinuous(-0.4)).toBe(0);
    expect(pennFromContinuous(5.3)).toBe(4);
  });
});
