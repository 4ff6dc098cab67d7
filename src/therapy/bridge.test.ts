import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { planBridge } from './bridge.ts';
import {
  MS_PER_DAY,
  MS_PER_HOUR,
  mcgPerDay,
  mcgPerMl,
  mlToNl,
  mulDiv,
  nanogramsPerDay,
  nanogramsPerMl,
  nanolitres,
  type NanogramsPerMl,
} from './quantities.ts';
import { sourced } from './sourced.ts';

const run = (catheterMl: number, c1: number, c2: number, dose: number) =>
  planBridge({
    catheterVolume: mlToNl(catheterMl),
    oldConcentration: mcgPerMl(c1),
    newConcentration: mcgPerMl(c2),
    dose: mcgPerDay(dose),
  });

describe('planBridge — concentration change at refill [C: docs/clinical-reference.md §3 bridge bolus]', () => {
  it('2000 → 1000 µg/mL at 500 µg/day through 0.247 mL: old flow for 23.71 h, then the new flow', () => {
    const r = run(0.247, 2000, 1000, 500);
    expect(r.needed).toBe(true);
    expect(r.view.bridgeFlowMlPerDay).toBe(0.25); // D / C1
    expect(r.bridgeDuration / MS_PER_HOUR).toBeCloseTo((0.247 / 0.25) * 24, 6); // V / (D / C1)
    expect(r.view.newFlowMlPerDay).toBe(0.5); // D / C2
    expect(r.view.drugDuringBridgeMcg).toBe(494); // V × C1
  });

  it('old drug stronger: without a bridge the patient would get D × C1/C2 — overdose is named', () => {
    const r = run(0.247, 2000, 1000, 500);
    expect(r.verdict).toBe('warn');
    expect(r.reasons[0]?.code).toBe('ITB_R_BRIDGE_PREVENTS_OVERDOSE');
    expect(r.view.withoutBridge.doseMcgPerDay).toBe(1000);
    expect(r.withoutBridge.duration / MS_PER_HOUR).toBeCloseTo((0.247 / 0.5) * 24, 6); // V / (D / C2)
    expect(r.view.withoutBridge.drugDifferenceMcg).toBe(247); // V × (C1 − C2)
    expect(r.reasons[0]?.message).toMatch(/overdose/);
  });

  it('old drug weaker: without a bridge the patient is under-dosed — withdrawal risk is named', () => {
    const r = run(0.247, 1000, 2000, 500);
    expect(r.reasons[0]?.code).toBe('ITB_R_BRIDGE_PREVENTS_UNDERDOSE');
    expect(r.view.withoutBridge.doseMcgPerDay).toBe(250);
    expect(r.view.withoutBridge.drugDifferenceMcg).toBe(-247);
    expect(r.reasons[0]?.message).toMatch(/withdrawal/);
  });

  it('same concentration: no bridge needed (ok, with a reason)', () => {
    const r = run(0.247, 2000, 2000, 500);
    expect(r.needed).toBe(false);
    expect(r.verdict).toBe('ok');
    expect(r.reasons[0]?.code).toBe('ITB_R_BRIDGE_NOT_NEEDED');
    expect(r.bridgeDuration).toBe(0);
    expect(r.bridgeFlow).toBe(r.newFlow);
  });

  it('the pump dead volume, a named [U] parameter, is cleared too', () => {
    const plain = run(0.2, 2000, 1000, 500);
    const withDead = planBridge({
      catheterVolume: mlToNl(0.2),
      pumpDeadVolume: sourced(nanolitres(50_000), 'U', 'device profile (test)'),
      oldConcentration: mcgPerMl(2000),
      newConcentration: mcgPerMl(1000),
      dose: mcgPerDay(500),
    });
    expect(withDead.volume).toBe(plain.volume + 50_000);
    expect(withDead.bridgeDuration).toBeGreaterThan(plain.bridgeDuration);
  });

  it('refuses a zero dose or concentration and a dose too small to make any flow', () => {
    expect(() => run(0.2, 0, 1000, 500)).toThrow(expect.objectContaining({ code: 'ITB_E_NON_POSITIVE' }));
    expect(() => run(0.2, 2000, 1000, 0)).toThrow(expect.objectContaining({ code: 'ITB_E_NON_POSITIVE' }));
    expect(() =>
      planBridge({
        catheterVolume: mlToNl(0.2),
        oldConcentration: nanogramsPerMl(3_000_000),
        newConcentration: nanogramsPerMl(3_000_000),
        dose: nanogramsPerDay(1),
      }),
    ).toThrow(expect.objectContaining({ code: 'ITB_E_OUT_OF_RANGE' }));
  });
});

/** Plug flow: the first `volume` nL out of the catheter is old fluid (C1), everything after it is new. */
function deliveredDoseRate(
  plan: ReturnType<typeof planBridge>,
  c1: NanogramsPerMl,
  c2: NanogramsPerMl,
  t: number,
): number {
  const inBridge = t < plan.bridgeDuration;
  const flow = inBridge ? plan.bridgeFlow : plan.newFlow;
  // volume pushed out so far × MS_PER_DAY, exactly
  const pushed = inBridge
    ? plan.bridgeFlow * t
    : plan.bridgeFlow * plan.bridgeDuration + plan.newFlow * (t - plan.bridgeDuration);
  const exiting = pushed < plan.volume * MS_PER_DAY ? c1 : c2;
  return mulDiv(flow, exiting, 1_000_000);
}

describe('planBridge — properties', () => {
  const conc = fc.integer({ min: 1_000, max: 2_000_000 }); // 1–2000 µg/mL (baclofen max 2000 [C])

  it('delivers the prescribed dose rate (within 1 ng/day) throughout the bridge and after it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }), // old fluid up to 1 mL
        conc,
        conc,
        fc.integer({ min: 10_000, max: 2_000_000 }), // 10–2000 µg/day
        fc.double({ min: 0, max: 2, noNaN: true }),
        (v, c1Raw, c2Raw, d, where) => {
          const [c1, c2] = [nanogramsPerMl(c1Raw), nanogramsPerMl(c2Raw)];
          const plan = planBridge({
            catheterVolume: nanolitres(v),
            oldConcentration: c1,
            newConcentration: c2,
            dose: nanogramsPerDay(d),
          });
          const horizon = Math.max(plan.bridgeDuration, 1);
          const t = Math.min(Math.floor(where * horizon), 2 * horizon);
          for (const at of [0, Math.max(plan.bridgeDuration - 1, 0), plan.bridgeDuration, t]) {
            expect(Math.abs(deliveredDoseRate(plan, c1, c2, at) - d)).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });

  it('without a bridge the old fluid is delivered at D × C1/C2; the hazard follows the sign of C1 − C2', () => {
    fc.assert(
      fc.property(conc, conc, fc.integer({ min: 10_000, max: 2_000_000 }), (c1, c2, d) => {
        fc.pre(Math.abs(c1 - c2) >= 2); // V × |C1 − C2| ≥ 0.5 ng, so the difference has a sign
        const r = planBridge({
          catheterVolume: mlToNl(0.25),
          oldConcentration: nanogramsPerMl(c1),
          newConcentration: nanogramsPerMl(c2),
          dose: nanogramsPerDay(d),
        });
        // |rounded − exact| ≤ half a nL/day of flow × C1 plus half a ng of rounding
        expect(Math.abs(r.withoutBridge.doseRate - (d * c1) / c2)).toBeLessThanOrEqual(c1 / 2e6 + 0.5);
        expect(Math.sign(r.withoutBridge.drugDifference)).toBe(Math.sign(c1 - c2));
        expect(r.reasons[0]?.code).toBe(
          c1 > c2 ? 'ITB_R_BRIDGE_PREVENTS_OVERDOSE' : 'ITB_R_BRIDGE_PREVENTS_UNDERDOSE',
        );
      }),
    );
  });
});
