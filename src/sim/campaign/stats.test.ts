import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pairedIncreaseP, poissonRate, rateIncreaseP } from './stats.ts';

describe('campaign statistics', () => {
  it('the 95 % interval of a Poisson count matches the exact (Garwood) limits within 1 %', () => {
    // Exact limits for 10 events: 4.795–18.39; for 1 event: 0.0253–5.572; for 0 events: 0–3.689.
    const ten = poissonRate(10, 100);
    expect(ten.low).toBeCloseTo(4.795, 1);
    expect(ten.high / 18.39).toBeCloseTo(1, 2);
    const one = poissonRate(1, 100);
    expect(one.high / 5.572).toBeCloseTo(1, 1);
    const none = poissonRate(0, 100);
    expect(none.low).toBe(0);
    expect(none.high / 3.689).toBeCloseTo(1, 1);
  });

  it('the interval always holds the rate, and more patient-years narrow it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        (k, py) => {
          const r = poissonRate(k, py);
          expect(r.low).toBeLessThanOrEqual(r.per100PatientYears + 1e-9);
          expect(r.high).toBeGreaterThanOrEqual(r.per100PatientYears - 1e-9);
          const wider = poissonRate(k, py);
          const narrower = poissonRate(k * 4, py * 4);
          expect(narrower.high - narrower.low).toBeLessThanOrEqual(wider.high - wider.low + 1e-9);
        },
      ),
    );
  });

  it('the increase test: equal rates are not significant, a tenfold rate is, and p falls as the count rises', () => {
    expect(rateIncreaseP(10, 100, 10, 100)).toBeGreaterThan(0.4);
    expect(rateIncreaseP(30, 100, 3, 100)).toBeLessThan(1e-5);
    expect(rateIncreaseP(0, 100, 5, 100)).toBe(1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), (a, b) => {
        expect(rateIncreaseP(a + 1, 100, b, 100)).toBeLessThanOrEqual(rateIncreaseP(a, 100, b, 100) + 1e-12);
      }),
    );
  });
});

describe('paired increase test', () => {
  it('more patients worse off than better off is significant; a tie is not', () => {
    const on = Array.from({ length: 12 }, () => 1);
    expect(
      pairedIncreaseP(
        on.map((x) => x + 2),
        on,
      ),
    ).toBeLessThan(0.001);
    expect(pairedIncreaseP(on, on)).toBe(1);
    expect(
      pairedIncreaseP(
        on,
        on.map((x) => x + 2),
      ),
    ).toBeGreaterThan(0.99);
  });
});
