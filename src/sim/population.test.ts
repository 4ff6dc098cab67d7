// Populations are reproducible from a seed whatever the number of workers (each patient depends only on
// the seed and its index), and the outcome table is per 100 patient-years.
import { describe, expect, it } from 'vitest';
import { runPopulation } from './pool.ts';
import { aggregate, patientScenario, runPatient } from './population.ts';

describe('population', () => {
  it('gives identical results for 1 and 2 workers with the same seed', async () => {
    const o = { n: 4, years: 0.2, seed: 11 };
    const one = await runPopulation({ ...o, workers: 1 });
    const two = await runPopulation({ ...o, workers: 2 });
    expect(two).toEqual(one);
    expect(one.implanted + one.nonCandidates).toBe(4);
  });

  it('patient i depends only on (seed, i)', () => {
    expect(patientScenario(5, 3, 1)).toEqual(patientScenario(5, 3, 1));
    expect(patientScenario(5, 3, 1).seed).not.toBe(patientScenario(5, 4, 1).seed);
    expect(patientScenario(6, 3, 1).seed).not.toBe(patientScenario(5, 3, 1).seed);
  });

  it('reports counts per 100 patient-years, whatever order outcomes arrive in', () => {
    const outs = [0, 1, 2].map((i) => runPatient(2, i, 0.1));
    const a = aggregate(outs, 3, 0.1, 2);
    expect(aggregate([...outs].reverse(), 3, 0.1, 2)).toEqual(a);
    for (const row of a.table) {
      expect(row.per100PatientYears).toBeCloseTo((row.count / a.patientYears) * 100, 2);
    }
    expect(a.table.map((r) => r.outcome)).toEqual(
      expect.arrayContaining(['refills', 'withdrawal-severe', 'overdose-coma']),
    );
  });
});
