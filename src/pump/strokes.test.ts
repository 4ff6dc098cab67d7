import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MS_PER_DAY } from '../therapy/quantities.ts';
import { accumulate, strokesFor, strokeUnit, timeForStrokes } from './strokes.ts';

describe('whole strokes with an exact fractional carry', () => {
  it('splitting a duration anywhere gives the same strokes and carry (no drift)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 24_000_000 }),
        fc.array(fc.integer({ min: 0, max: 10 * MS_PER_DAY }), { maxLength: 20 }),
        fc.constantFrom(100, 500, 2000),
        (flow, parts, sv) => {
          const whole = accumulate(
            0,
            flow,
            parts.reduce((a, b) => a + b, 0),
            sv,
          );
          let acc = 0;
          let strokes = 0;
          for (const p of parts) {
            const r = accumulate(acc, flow, p, sv);
            acc = r.acc;
            strokes += r.strokes;
          }
          expect({ strokes, acc }).toEqual(whole);
          expect(acc).toBeLessThan(strokeUnit(sv));
        },
      ),
    );
  });

  it('delivered volume is the integral to within one stroke', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 24_000_000 }),
        fc.integer({ min: 0, max: 400 * MS_PER_DAY }),
        (flow, dt) => {
          const { strokes } = accumulate(0, flow, dt, 500);
          // strokes × stroke ≤ ∫flow < (strokes + 1) × stroke, exactly (in nL·ms/day).
          const integral = BigInt(flow) * BigInt(dt);
          const unit = BigInt(strokeUnit(500));
          expect(BigInt(strokes) * unit <= integral).toBe(true);
          expect(integral < BigInt(strokes + 1) * unit).toBe(true);
        },
      ),
    );
  });

  it('timeForStrokes is the first millisecond at which the n-th stroke is due', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 24_000_000 }),
        fc.integer({ min: 0, max: strokeUnit(500) - 1 }),
        fc.integer({ min: 1, max: 1000 }),
        (flow, acc, n) => {
          const dt = timeForStrokes(acc, flow, n, 500) ?? 0;
          expect(accumulate(acc, flow, dt, 500).strokes).toBeGreaterThanOrEqual(n);
          if (dt > 1) expect(accumulate(acc, flow, dt - 1, 500).strokes).toBeLessThan(n);
        },
      ),
    );
  });

  it('a bolus volume rounds to the nearest whole stroke, at least one', () => {
    expect(strokesFor(10_000, 500)).toBe(20);
    expect(strokesFor(1, 500)).toBe(1);
    expect(strokesFor(749, 500)).toBe(1);
    expect(strokesFor(0, 500)).toBe(0);
  });
});
