/**
 * Issue 13 follow-up: every reason and text that names a dose of a drug labelled in mg (morphine,
 * hydromorphone, bupivacaine) writes it in mg, through drug-display.ts; baclofen's texts are unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPrescription } from '../pump/prescription-checks.ts';
import { CERTIFIED_BUILD } from '../pump/build.ts';
import { continuous, filledPump } from '../pump/test-fixtures.ts';
import { planBridge } from './bridge.ts';
import { primingBolus } from './catheter.ts';
import { doseRangeReasons } from './dose-check.ts';
import type { DrugEntry, DrugId } from './drug.ts';
import { DRUG_IDS, getDrug } from './drug-library.ts';
import type { Prescription } from './prescription.ts';
import { validatePrescription } from './prescription-rules.ts';
import {
  hours,
  mcgPerMl,
  millis,
  nanograms,
  nanogramsPerDay,
  nanogramsPerMl,
  nanolitres,
} from './quantities.ts';
import { startDose } from './start-dose.ts';

/** A quantity written in mcg ("300 mcg", "1,000 mcg/day"); a source tag's words are not quantities. */
const MCG_QUANTITY = /\d\s*mcg\b/;

const MG_DRUGS = DRUG_IDS.filter((id) => getDrug(id).labelUnit === 'mg');

/** The concentrations the library allows for the drug (a listed one, or one up to its maximum). */
function concentrationArb(drug: DrugEntry): fc.Arbitrary<number> {
  const rule = drug.concentrations;
  return rule.kind === 'listed'
    ? fc.constantFrom(...rule.allowed.value)
    : fc.integer({ min: 1, max: rule.max.value / 1000 }).map((mcg) => mcg * 1000);
}

interface Case {
  readonly drug: DrugEntry;
  readonly dose: number;
  readonly c1: number;
  readonly c2: number;
  readonly bolus: number;
}

const caseArb = (ids: readonly DrugId[]): fc.Arbitrary<Case> =>
  fc.constantFrom(...ids).chain((id) => {
    const drug = getDrug(id);
    const hard = drug.hardDoseRange.value;
    return fc.record({
      drug: fc.constant(drug),
      // Whole mcg/day within the hard range, and the same scaled far outside it (above the maximum).
      dose: fc.integer({ min: Math.ceil(hard.min / 1000), max: hard.max / 1000 }).map((m) => m * 1000),
      c1: concentrationArb(drug),
      c2: concentrationArb(drug),
      bolus: fc.integer({ min: 1, max: drug.maxBolus.value / 1000 }).map((m) => m * 1000),
    });
  });

/** Every text the producers write for one drug, dose and pair of concentrations. */
function texts(k: Case): string[] {
  const { drug, dose, c1, c2, bolus } = k;
  const spec = { drug: drug.id, concentration: nanogramsPerMl(c1) };
  const simple: Prescription = { mode: 'simple-continuous', drug: spec, dose: nanogramsPerDay(dose) };
  const flex: Prescription = {
    mode: 'flex',
    drug: spec,
    schedule: {
      everyDay: {
        steps: [{ startMinute: 0, dose: nanogramsPerDay(dose) }],
        boluses: [{ startMinute: 60, amount: nanograms(bolus), duration: millis(600_000) }],
      },
    },
  };
  const over: Prescription = { ...simple, dose: nanogramsPerDay(drug.hardDoseRange.value.max + 1000) };
  const bridge = planBridge({
    drug: drug.id,
    catheterVolume: nanolitres(110_000),
    oldConcentration: nanogramsPerMl(c1),
    newConcentration: nanogramsPerMl(c2),
    dose: nanogramsPerDay(dose),
  });
  const start = startDose({ drug, screeningDose: nanograms(bolus), effectDuration: hours(6) });
  const noResponse = startDose({ drug, screeningDose: nanograms(bolus), effectDuration: hours(0) });
  const priming = primingBolus({
    drug: drug.id,
    catheterVolume: nanolitres(110_000),
    concentration: nanogramsPerMl(c1),
  });
  return [
    ...doseRangeReasons(drug, dose),
    ...doseRangeReasons(drug, drug.hardDoseRange.value.max + 1000),
    ...validatePrescription(simple).reasons,
    ...validatePrescription(flex).reasons,
    ...validatePrescription(over).reasons,
    ...bridge.reasons,
    ...start.reasons,
    ...noResponse.reasons,
    ...priming.reasons,
  ].map((r) => r.message.replace(/\[[^\]]*\]/g, ''));
}

describe('reasons and texts still written in mcg for an mg drug', () => {
  it('no reason or text producer prints a mcg quantity for a drug whose label is in mg (every such drug, valid doses)', () => {
    expect(MG_DRUGS.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(caseArb(MG_DRUGS), (k) => {
        const written = texts(k);
        expect(written.length).toBeGreaterThan(0);
        for (const t of written) expect(t).not.toMatch(MCG_QUANTITY);
        expect(written.some((t) => /\d\s*mg\b/.test(t))).toBe(true);
      }),
    );
  });

  it("baclofen's texts are unchanged: written in mcg as before", () => {
    const baclofen = getDrug('baclofen');
    expect(doseRangeReasons(baclofen, 500_000).map((r) => r.message)).toEqual([
      'daily dose 500 mcg/day is within the usual baclofen range for any population (24–1199 mcg/day)',
    ]);
    const bridge = planBridge({
      drug: 'baclofen',
      catheterVolume: nanolitres(110_000),
      oldConcentration: mcgPerMl(500),
      newConcentration: mcgPerMl(2000),
      dose: nanogramsPerDay(500_000),
    });
    expect(bridge.reasons[0]?.message).toMatch(
      /^bridge 500 mcg\/mL → 2,000 mcg\/mL: .* instead of 500 mcg\/day/,
    );
    const off = startDose({ drug: baclofen, screeningDose: nanograms(60_000), effectDuration: hours(6) });
    expect(off.reasons[0]?.message).toMatch(
      /^60 mcg is not a protocol screening dose \(25, 50, 75 or 100 mcg\)/,
    );
    const none = startDose({ screeningDose: nanograms(50_000), effectDuration: hours(0) });
    expect(none.reasons[0]?.message).toMatch(
      /give the next protocol dose \(75 mcg, then 100 mcg\) 24 h later; no response to 100 mcg → not a candidate/,
    );
    fc.assert(
      fc.property(caseArb(['baclofen']), (k) => {
        const written = texts(k);
        for (const t of written) expect(t).not.toMatch(/\d\s*mg\b/);
      }),
    );
  });

  it('the pump concentration-mismatch reason names morphine in mg/mL', () => {
    const morphine25 = { drug: 'morphine' as const, concentration: mcgPerMl(25_000) };
    const pump = filledPump({ prescription: continuous(3000, morphine25), fillMl: 20 });
    const other = continuous(3000, { drug: 'morphine', concentration: mcgPerMl(10_000) });
    const refusal = checkPrescription(pump, other, null, CERTIFIED_BUILD);
    expect(refusal?.reasons[0]?.message).toBe(
      'the prescription is for morphine 10 mg/mL but the reservoir holds morphine 25 mg/mL',
    );
  });
});
