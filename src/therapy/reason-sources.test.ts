/**
 * I12 sources: text a clinician reads is words only. Every reason the therapy rules emit — titration and
 * start checks for every drug, prescription validation, the refill projection, the start dose, the bridge,
 * the catheter and priming checks — is generated here from random inputs (fast-check), and none carries a
 * bracketed source tag ("[docs/clinical-reference.md §3]", "[U: …]", "[label; …]") in its message: the rule's
 * source is in the structured `source` field, which every reason that cites has.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planBridge } from './bridge.ts';
import { catheterVolume, primingBolus } from './catheter.ts';
import { DRUG_IDS, DRUG_LIBRARY } from './drug-library.ts';
import { checkPrescriptionStep, checkStartPrescription } from './prescription-change.ts';
import {
  BACLOFEN_STRENGTHS,
  flexPrescriptionArb,
  simplePrescriptionArb,
} from './prescription.arbitraries.ts';
import { validatePrescription } from './prescription-rules.ts';
import { projectRefill } from './projection.ts';
import { epochMs, hours, mcgPerDay, mcgToNg, mlToNl } from './quantities.ts';
import { startDose } from './start-dose.ts';
import { checkTitration } from './titration.ts';
import type { Reason } from './verdict.ts';

const TAG = /\[[^\]]*\]/;
const seen = new Map<string, Reason & { readonly source?: string }>();

/** The property every emitted reason keeps; records the codes seen so the coverage can be checked. */
function wordsOnly(reasons: readonly (Reason & { readonly source?: string })[]): void {
  for (const r of reasons) {
    expect(r.message, `${r.code}: ${r.message}`).not.toMatch(TAG);
    expect(r.message.trim(), r.code).toBe(r.message);
    if (r.source !== undefined) expect(r.source.trim(), r.code).not.toBe('');
    if (!seen.has(r.code) || r.source !== undefined) seen.set(r.code, r);
  }
}

const drugArb = fc.constantFrom(...DRUG_IDS);
const doseArb = fc.integer({ min: 0, max: 3_000_000 }).map((ng) => mcgPerDay(ng / 1000));
const optionalHours = fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined });
const RUNS = { numRuns: 300 };

describe('I12 sources: no bracketed source tag in any therapy reason', () => {
  it('I12 sources: titration and start checks for every drug keep sources out of the message', () => {
    fc.assert(
      fc.property(
        drugArb,
        doseArb,
        doseArb,
        fc.constantFrom('spinal' as const, 'cerebral' as const),
        fc.constantFrom('titration' as const, 'maintenance' as const),
        optionalHours,
        fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
        fc.option(fc.constantFrom('naive' as const, 'tolerant' as const), { nil: undefined }),
        fc.boolean(),
        fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined }),
        (drug, current, proposed, origin, phase, hoursSince, increases, opioid, under, age) => {
          wordsOnly(
            checkTitration({
              current,
              proposed,
              origin,
              phase,
              drug: DRUG_LIBRARY[drug],
              underDeliverySuspected: under,
              ...(hoursSince === undefined ? {} : { hoursSinceLastChange: hoursSince }),
              ...(increases === undefined ? {} : { increasesInPastWeek: increases }),
              ...(opioid === undefined ? {} : { opioidStatus: opioid }),
              ...(age === undefined ? {} : { ageYears: age }),
            }).reasons,
          );
        },
      ),
      RUNS,
    );
  });

  it('I12 sources: prescription validation, changes, starts and projections keep sources out of the message', () => {
    fc.assert(
      fc.property(
        fc.oneof(simplePrescriptionArb(), flexPrescriptionArb()),
        fc.oneof(simplePrescriptionArb(), flexPrescriptionArb()),
        optionalHours,
        fc.integer({ min: 0, max: 40 }),
        fc.boolean(),
        (before, after, hoursSince, fillMl, newPump) => {
          wordsOnly(validatePrescription(after).reasons);
          wordsOnly(checkStartPrescription({ prescription: after, ageYears: 10 }).reasons);
          wordsOnly(
            checkPrescriptionStep({
              before,
              after,
              origin: 'spinal',
              phase: 'titration',
              ...(hoursSince === undefined ? {} : { hoursSinceLastChange: hoursSince }),
            }).reasons,
          );
          wordsOnly(
            projectRefill({
              reservoir: mlToNl(fillMl),
              prescription: after,
              lowAlarmThreshold: mlToNl(2),
              start: epochMs(Date.UTC(2026, 0, 1)),
              newPump,
            }).reasons,
          );
        },
      ),
      RUNS,
    );
  });

  it('I12 sources: start dose, bridge, catheter and priming keep sources out of the message', () => {
    fc.assert(
      fc.property(
        drugArb,
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 30 }),
        fc.constantFrom(...BACLOFEN_STRENGTHS),
        fc.constantFrom(...BACLOFEN_STRENGTHS),
        fc.integer({ min: 1_000, max: 2_000_000 }),
        fc.integer({ min: 1, max: 200 }),
        (drug, screeningMcg, effectH, oldC, newC, doseNg, lengthCm) => {
          wordsOnly(
            startDose({
              screeningDose: mcgToNg(screeningMcg),
              effectDuration: hours(effectH),
              drug: DRUG_LIBRARY[drug],
            }).reasons,
          );
          wordsOnly(catheterVolume({ kind: 'prometra', trimmedMm: lengthCm * 5 }).reasons);
          wordsOnly(primingBolus({ catheterVolume: mlToNl(lengthCm * 0.0039), concentration: newC }).reasons);
          wordsOnly(
            planBridge({
              catheterVolume: mlToNl(lengthCm * 0.0039),
              oldConcentration: oldC,
              newConcentration: newC,
              dose: mcgPerDay(doseNg / 1000),
            }).reasons,
          );
        },
      ),
      RUNS,
    );
  });

  it('I12 sources: the reasons generated cover the rules that cite, and each that cites has its source', () => {
    // Codes whose rules name where they come from (a label section, a paper, our choice): each is emitted
    // above and carries `source`.
    const citing = [...seen.values()].filter((r) => r.source !== undefined).map((r) => r.code);
    expect(citing).toEqual(
      expect.arrayContaining([
        'ITB_R_TITRATION_TOO_SOON',
        'ITB_R_TITRATION_TIMING_UNKNOWN',
        'ITB_R_BRIDGE_PREVENTS_OVERDOSE',
        'ITB_R_CATHETER_VOLUME',
        'ITB_R_START_NO_INCREASE_24H',
      ]),
    );
    expect(seen.size).toBeGreaterThan(20);
  });
});
