// docs/clinical-reference.md §4 workable model [A]: tip zone ↔ spinal ↔ cranial CSF, clearance to plasma; a lumbar bolus
// spreads by its volume (Bernards 2006; Flack & Bernards 2010). The linear part is solved exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochMs, nanograms } from '../therapy/quantities.ts';
import { at } from './matrix.ts';
import { linearModel, stepLinear } from './linear.ts';
import { defaultPatient, samplePatient } from './patient.ts';
import { augmentedSystem, concentrations, N_STATES, S, splitBolus } from './pk.ts';
import { rk4Stretch, sampleLinear } from './reference-solvers.ts';

const p = defaultPatient();
const CSF = [S.tip, S.spinal, S.cranial] as const;

describe('bolus split', () => {
  it('conserves the dose exactly across tip, spinal and cranial CSF (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 10_000, noNaN: true }),
        fc.double({ min: 0, max: 20, noNaN: true }),
        (mcg, ml) => {
          const s = splitBolus(p, mcg, ml);
          expect(s.tip + s.spinal + s.cranial).toBeCloseTo(mcg, 9);
          expect(Math.min(s.tip, s.spinal, s.cranial)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('spreads a 1 mL barbotage further than a 0.1 mL pump bolus (Bernards 2006)', () => {
    expect(splitBolus(p, 50, 1).tip).toBeLessThan(splitBolus(p, 50, 0.1).tip);
    expect(splitBolus(p, 50, 0.1).tip / 50).toBeGreaterThan(0.85);
  });
});

describe('linear system', () => {
  it('loses drug from CSF only into plasma and from plasma only by elimination (column sums)', () => {
    const a = augmentedSystem(p);
    const colSum = (j: number): number =>
      [S.tip, S.spinal, S.cranial, S.plasma].reduce<number>((s, i) => s + at(a, i, j), 0);
    for (const j of CSF) expect(colSum(j)).toBeCloseTo(0, 12);
    expect(colSum(S.plasma)).toBeCloseTo(-p.plasmaClearanceMlPerH / p.plasmaVolumeMl, 12);
  });

  it('reaches the analytic steady state: lumbar:cisternal = 1 + CL_cranial / Q (docs/clinical-reference.md §4: ~4)', () => {
    const x = stepLinear(linearModel(p), new Float64Array(N_STATES), 300 / 24, 24 * 14);
    const c = concentrations(p, x);
    expect(c.spinal / c.cranial).toBeCloseTo(1 + p.cranialClearanceMlPerH / p.spinalCranialExchangeMlPerH, 8);
    // Everything infused leaves the CSF as clearance at steady state.
    expect(c.spinal * p.spinalClearanceMlPerH + c.cranial * p.cranialClearanceMlPerH).toBeCloseTo(
      300 / 24,
      8,
    );
    expect(c.plasmaNgPerMl).toBeCloseTo((300 / 24 / p.plasmaClearanceMlPerH) * 1000, 8);
  });

  it('agrees with fine RK4 on the same equations to 1e-9 (exact solution, not a step method)', () => {
    const m = linearModel(p);
    const x0 = Float64Array.from([10, 40, 2, 0, 0, 0, 0]);
    const exact = stepLinear(m, x0, 5, 30);
    const rk = rk4Stretch(m, x0, 5, 30, 1 / 600);
    for (let i = 0; i < N_STATES; i++)
      expect(Math.abs((exact[i] as number) - (rk[i] as number))).toBeLessThan(1e-9);
  });

  it('gives the same state whether a stretch is taken in one step or two (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0.01, max: 200, noNaN: true }),
        fc.double({ min: 0.01, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (seed, h1, h2, rate) => {
          const m = linearModel(samplePatient(seed));
          const x0 = Float64Array.from([5, 20, 3, 1, 0.1, 0.2, 0.01]);
          const one = stepLinear(m, x0, rate, h1 + h2);
          const two = stepLinear(m, stepLinear(m, x0, rate, h1), rate, h2);
          for (let i = 0; i < N_STATES; i++) {
            expect(Math.abs((one[i] as number) - (two[i] as number))).toBeLessThan(
              1e-9 * (1 + Math.abs(one[i] as number)),
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('never makes an amount negative and scales linearly with the dose (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        (rate, h) => {
          const m = linearModel(p);
          const x = stepLinear(m, new Float64Array(N_STATES), rate, h);
          const x2 = stepLinear(m, new Float64Array(N_STATES), 2 * rate, h);
          for (let i = 0; i < N_STATES; i++) {
            expect(x[i]).toBeGreaterThanOrEqual(-1e-12);
            expect(x2[i] as number).toBeCloseTo(2 * (x[i] as number), 8);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('samples the same path exactly as by fine RK4 across dose changes and boluses', () => {
    const m = linearModel(p);
    const h = 3_600_000;
    const inputs = {
      segments: [
        { start: epochMs(0), end: epochMs(10 * h), ngPerDay: 200_000 },
        { start: epochMs(10 * h), end: epochMs(30 * h), ngPerDay: 400_000 },
      ],
      boluses: [{ at: epochMs(5 * h), amount: nanograms(50_000), volumeMl: 1 }],
    };
    const samples = [3, 5, 7, 12, 29, 40].map((k) => epochMs(k * h));
    const exact = sampleLinear(m, new Float64Array(N_STATES), inputs, epochMs(0), samples, 'exact');
    const rk = sampleLinear(m, new Float64Array(N_STATES), inputs, epochMs(0), samples, 1 / 600);
    exact.forEach((x, k) => {
      for (const c of CSF) expect(Math.abs((x[c] as number) - (rk[k]?.[c] as number))).toBeLessThan(1e-9);
    });
  });

  it('equal steps hashed their length on every step (issue 14): a run of equal steps looks the propagator cache up once', () => {
    const m = linearModel(p);
    const lookups = { n: 0 };
    const get = m.cache.get.bind(m.cache);
    m.cache.get = (hours: number) => {
      lookups.n++;
      return get(hours);
    };
    let x: Float64Array = new Float64Array(N_STATES);
    for (let i = 0; i < 24; i++) x = stepLinear(m, x, 12.5, 1);
    expect(lookups.n).toBe(1);
    expect(x[S.tip]).toBeGreaterThan(0);
  });
});
