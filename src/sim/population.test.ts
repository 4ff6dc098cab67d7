// Populations are reproducible from a seed whatever the number of workers (each patient depends only on
// the seed and its index), and the outcome table is per 100 patient-years.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPopulationPool, runPopulation } from './pool.ts';
import { POPULATION_SAMPLE_HOURS, aggregate, patientScenario, runPatient } from './population.ts';

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

  it('aggregates to the same result whatever order the workers deliver the outcomes in', () => {
    const outs = [0, 1, 2, 3].map((i) => runPatient(3, i, 0.1));
    const expected = aggregate(outs, 4, 0.1, 3);
    fc.assert(
      fc.property(fc.shuffledSubarray(outs, { minLength: outs.length }), (order) => {
        expect(aggregate(order, 4, 0.1, 3)).toEqual(expected);
      }),
      { numRuns: 50 },
    );
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

  // Finding (issue 14): two workers were slower than one because every run started (and compiled) its own
  // workers. A pool is started and warmed once; its runs reuse the workers and give the one-thread result.
  it('two workers slower than one: a warm pool reuses its workers across runs with the one-thread results', async () => {
    const pool = createPopulationPool(2);
    try {
      await pool.ready;
      expect(pool.size).toBe(2);
      for (const seed of [11, 12]) {
        const o = { n: 3, years: 0.1, seed };
        const [pooled, single] = await Promise.all([pool.run(o), runPopulation({ ...o, workers: 1 })]);
        expect(pooled).toEqual(single);
      }
    } finally {
      await pool.close();
    }
    await expect(pool.run({ n: 1, years: 0.1, seed: 1 })).rejects.toMatchObject({
      code: 'ITB_E_SIM_WORKER_FAILED',
    });
  });

  // Finding: a run that failed left workers finishing its tasks; their replies landed in the next run.
  it('a failed run leaves no reply in the next run on the same pool', async () => {
    const pool = createPopulationPool(2);
    try {
      // 10⁹ years is past the last representable instant: every patient fails at once.
      await expect(pool.run({ n: 6, years: 1e9, seed: 1 })).rejects.toMatchObject({
        code: 'ITB_E_SIM_WORKER_FAILED',
      });
      const o = { n: 3, years: 0.1, seed: 11 };
      expect(await pool.run(o)).toEqual(await runPopulation({ ...o, workers: 1 }));
    } finally {
      await pool.close();
    }
  });

  it('a coarser sampling interval gives the same results for any worker count, and 12 h stays the default', async () => {
    const o = { n: 3, years: 0.2, seed: 7, sampleHours: 168 };
    const one = await runPopulation({ ...o, workers: 1 });
    expect(await runPopulation({ ...o, workers: 3 })).toEqual(one);
    expect(patientScenario(7, 0, 0.2).sampleHours).toBe(POPULATION_SAMPLE_HOURS);
    expect(runPatient(7, 0, 0.2, { sampleHours: POPULATION_SAMPLE_HOURS })).toEqual(runPatient(7, 0, 0.2));
  });

  it('rejects a sampling interval out of range with ITB_E_OUT_OF_RANGE and runs nothing', async () => {
    for (const sampleHours of [0, -1, Number.NaN, 24 * 365]) {
      const seen: number[] = [];
      await expect(
        runPopulation({
          n: 2,
          years: 0.1,
          seed: 1,
          workers: 1,
          sampleHours,
          onProgress: (d) => seen.push(d),
        }),
      ).rejects.toMatchObject({ code: 'ITB_E_OUT_OF_RANGE' });
      expect(seen).toEqual([]);
    }
  });
});
