import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterInterval, pairedIncreaseP, poissonRate, rateIncreaseP } from './stats.ts';

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

describe('per-patient (cluster) interval', () => {
  // Finding (issue 15): the campaign's intervals count onsets as independent events, so where they cluster in
  // one patient (39 comas in one patient with the pump's hard limits off) the printed interval is too narrow.
  it('per-patient interval: onsets clustered in one patient widen the interval the Poisson one gives too narrow', () => {
    const years = Array.from({ length: 100 }, () => 1);
    const spread = Array.from({ length: 100 }, (_, i) => (i < 10 ? 1 : 0));
    const clustered = Array.from({ length: 100 }, (_, i) => (i === 0 ? 10 : 0));
    // The same 10 onsets over 100 patient-years: one Poisson interval for both.
    expect(poissonRate(10, 100)).toEqual(poissonRate(10, 100));
    const a = clusterInterval(spread, years);
    const b = clusterInterval(clustered, years);
    expect(b.high - b.low).toBeGreaterThan(2.5 * (a.high - a.low));
    expect(b.designEffect).toBeGreaterThan(5);
    expect(a.designEffect).toBeLessThan(1.1);
    const p = poissonRate(10, 100);
    expect(b.high).toBeGreaterThan(p.high);
  });

  it('per-patient interval: the cluster-robust variance by hand, and patients without years add nothing', () => {
    // Two patients, 0 and 2 onsets over a year each: r = 1/py; Σ (x − r t)² = 2; n/(n−1) = 2; SE = √4 / 2 = 1
    // per patient-year, so 100 ± 196 per 100 patient-years; design effect SE² t² / x = 4 / 2.
    const two = clusterInterval([0, 2], [1, 1]);
    expect(two.low).toBe(0);
    expect(two.high).toBeCloseTo(100 + 196, 0);
    expect(two.designEffect).toBe(2);
    expect(clusterInterval([0, 2, 7], [1, 1, 0])).toEqual(clusterInterval([0, 2], [1, 1]));
    expect(clusterInterval([3], [1])).toEqual({ low: 0, high: 0, designEffect: null });
  });

  it('per-patient interval: it always holds the rate', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 2, maxLength: 60 }), (xs) => {
        const years = xs.map((_, i) => 1 + (i % 3));
        const r = clusterInterval(xs, years);
        const rate = (xs.reduce((s, v) => s + v, 0) / years.reduce((s, v) => s + v, 0)) * 100;
        expect(r.low).toBeLessThanOrEqual(rate + 1e-6);
        expect(r.high).toBeGreaterThanOrEqual(rate - 1e-6);
      }),
    );
  });
});
