import { describe, expect, it } from 'vitest';
import { campaignScenario, drawClinicFaults, runCampaignPatient } from './patient.ts';
import { CAMPAIGN_FAULT_RATES } from './rates.ts';

describe('campaign patients’ faults', () => {
  it('programming slips come in every kind of the split, not only the first (their kind is not drawn from the stream that times them)', () => {
    const factors = new Map<number, number>();
    for (let i = 0; i < 400; i++)
      for (const f of drawClinicFaults(3, i, 3650, 20))
        if (f.kind === 'programming-slip' && f.checkedBy === undefined)
          factors.set(f.factor, (factors.get(f.factor) ?? 0) + 1);
    const split = CAMPAIGN_FAULT_RATES.slipFactors.value;
    expect([...factors.keys()].sort()).toEqual(split.map((s) => s.factor).sort());
    const total = [...factors.values()].reduce((a, b) => a + b, 0);
    for (const s of split) expect((factors.get(s.factor) ?? 0) / total).toBeCloseTo(s.weight, 1);
  });

  it('slips the programmer cannot check are ×10, checked by the pump alone, at their own rate', () => {
    const unchecked = Array.from({ length: 400 }, (_, i) => drawClinicFaults(3, i, 3650, 20)).flatMap((fs) =>
      fs.filter((f) => f.kind === 'programming-slip' && f.checkedBy === 'pump-only'),
    );
    expect(unchecked.every((f) => f.kind === 'programming-slip' && f.factor === 10)).toBe(true);
    const expected = 400 * 10 * CAMPAIGN_FAULT_RATES.uncheckedSlipsPerYear.value * 20;
    expect(unchecked.length).toBeGreaterThan(expected * 0.8);
    expect(unchecked.length).toBeLessThan(expected * 1.2);
  });

  it('the same seed and index give the same faults; rates scale with stress', () => {
    expect(drawClinicFaults(9, 4, 1000, 1)).toEqual(drawClinicFaults(9, 4, 1000, 1));
    const count = (stress: number) =>
      Array.from({ length: 200 }, (_, i) => drawClinicFaults(1, i, 730, stress).length).reduce(
        (a, b) => a + b,
        0,
      );
    expect(count(10)).toBeGreaterThan(5 * count(1));
  });
});

describe('campaign outcomes', () => {
  it('faults drawn for refills the run never reached are not counted as faults that happened', () => {
    const c = { seed: 2, years: 0.5, stress: 20 };
    const drawn = campaignScenario(c, 0).faults?.length ?? 0;
    const o = runCampaignPatient(c, 0, []);
    expect(o.faults.length).toBeLessThan(drawn);
    expect(o.faults.length).toBeGreaterThan(0);
  });
});
