// `itb sim bolus` contract (docs/simulator.md): { series, onsetHours, peakHours, durationHours,
// peakReduction, csfHalfLifeHours }, the effect window being a ≥ 1-point MAS fall. Label: onset 0.5–1 h,
// peak ~4 h, lasting 4–8 h after the screening bolus (docs/clinical-reference.md §1.1).
import { describe, expect, it } from 'vitest';
import { defaultPatient } from './patient.ts';
import { csfClearanceMlPerH, simulateBolus } from './bolus-sim.ts';

describe('simulateBolus', () => {
  const r = simulateBolus({ doseMcg: 50 });

  it('returns exactly the CLI contract’s fields', () => {
    expect(Object.keys(r).sort()).toEqual(
      ['csfHalfLifeHours', 'durationHours', 'onsetHours', 'peakHours', 'peakReduction', 'series'].sort(),
    );
    expect(r.series[0]?.hours).toBe(0);
    expect(r.series.at(-1)?.hours).toBe(24);
    expect(r.series.every((s, i, a) => i === 0 || s.hours > (a[i - 1]?.hours ?? 0))).toBe(true);
  });

  // Lioresal Intrathecal PI section 2 "Screening Phase" (docs/clinical-reference.md §1.1): after a 50 mcg
  // lumbar bolus, onset 0.5–1 h, peak about 4 h, effect lasting 4–8 h. The peak window is the validation
  // row's 3–6 h; the typical patient peaks at ~3.3 h, short of "about 4 h" (docs/model-validation.md, Known
  // limitations, says why the model's structure cannot move it without delaying the onset past 1 h).
  it('typical patient, 50 mcg lumbar bolus: onset 0.5–1 h, peak within 3–6 h, effect lasting 4–8 h (label section 2)', () => {
    const typical = simulateBolus({ doseMcg: 50, patient: defaultPatient() });
    expect(typical.onsetHours).toBeGreaterThanOrEqual(0.5);
    expect(typical.onsetHours).toBeLessThanOrEqual(1);
    expect(typical.peakHours).toBeGreaterThanOrEqual(3);
    expect(typical.peakHours).toBeLessThanOrEqual(6);
    expect(typical.durationHours).toBeGreaterThanOrEqual(4);
    expect(typical.durationHours).toBeLessThanOrEqual(8);
  });

  it('is consistent with itself: onset < peak < onset + duration, window where reduction ≥ 1', () => {
    expect(r.onsetHours).not.toBeNull();
    const onset = r.onsetHours ?? 0;
    expect(onset).toBeLessThan(r.peakHours ?? 0);
    expect(r.peakHours ?? 0).toBeLessThan(onset + r.durationHours);
    expect(r.peakReduction).toBeGreaterThanOrEqual(1);
    for (const s of r.series) {
      if (s.hours > onset + 0.1 && s.hours < onset + r.durationHours - 0.1)
        expect(s.reduction).toBeGreaterThanOrEqual(1);
    }
  });

  it('a larger bolus acts longer and harder; 25 µg acts shorter and weaker than the label’s 4–8 h window', () => {
    const big = simulateBolus({ doseMcg: 100, volumeMl: 2 });
    expect(big.durationHours).toBeGreaterThan(r.durationHours);
    expect(big.peakReduction).toBeGreaterThan(r.peakReduction);
    const small = simulateBolus({ doseMcg: 25, volumeMl: 0.5 });
    expect(small.peakReduction).toBeLessThan(r.peakReduction);
    expect(small.durationHours).toBeLessThan(4);
  });

  it('reports a CSF half-life and clearance near the label’s (~1.5 h, ~30 mL/h; Sallerin-Caute 1991)', () => {
    expect(r.csfHalfLifeHours).toBeGreaterThan(1);
    expect(r.csfHalfLifeHours).toBeLessThan(2);
    const cl = csfClearanceMlPerH(defaultPatient(), 50);
    expect(cl).toBeGreaterThan(20);
    expect(cl).toBeLessThan(40);
  });

  it('is deterministic and a seed selects another patient', () => {
    expect(simulateBolus({ doseMcg: 50, seed: 4, hours: 6 })).toEqual(
      simulateBolus({ doseMcg: 50, seed: 4, hours: 6 }),
    );
    expect(simulateBolus({ doseMcg: 50, seed: 4, hours: 6 }).peakReduction).not.toBe(
      simulateBolus({ doseMcg: 50, hours: 6 }).peakReduction,
    );
  });

  it.each([
    { doseMcg: 0 },
    { doseMcg: -5 },
    { doseMcg: 50, volumeMl: 0 },
    { doseMcg: 50, hours: 0 },
    { doseMcg: Number.NaN },
  ])('refuses bad input %o with ITB_E_BODY_INVALID_INPUT', (input) => {
    expect(() => simulateBolus(input)).toThrow(expect.objectContaining({ code: 'ITB_E_BODY_INVALID_INPUT' }));
  });
});
