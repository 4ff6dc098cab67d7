/**
 * Issue 13, the pages: the patient's own page, the implant and replacement forms, the unit-slip wording and
 * the refill bridge write a drug labelled in mg (morphine, hydromorphone) in mg, as its label does; baclofen
 * keeps mcg. src/therapy/drug-unit-texts.test.ts holds the therapy producers, test/web/label-unit-scan.test.ts
 * the check that no page or CLI text writes a unit by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ItbError } from '../../src/therapy/codes.ts';
import { detectDoseSlip } from '../../src/therapy/dose-check.ts';
import { DRUG_IDS, getDrug } from '../../src/therapy/drug-library.ts';
import type { PrescriptionJson } from '../../web/src/api.ts';
import { procedureBody, type ProcedureFields } from '../../web/src/pathway/procedure-body.ts';
import { plainConcentration, plainPrescription, pumpTitle } from '../../web/src/patient-words.ts';
import { reasonText } from '../../web/src/reason-text.ts';

const MG_DRUGS = DRUG_IDS.filter((id) => getDrug(id).labelUnit === 'mg');
/** A quantity written in mcg or micrograms. */
const MCG = /\d\s*(mcg|micrograms)\b/;

/** Whole mcg/day (and mcg/mL) up to the drug's hard maximum. */
const mgCase = fc.constantFrom(...MG_DRUGS).chain((drug) =>
  fc.record({
    drug: fc.constant(drug),
    doseMcg: fc.integer({ min: 1, max: getDrug(drug).hardDoseRange.value.max / 1000 }),
    concMcg: fc.integer({ min: 1, max: 50_000 }),
  }),
);

const base: Omit<ProcedureFields, 'fill'> = {
  serial: 'SN-1',
  profile: 'peristaltic-20',
  day: '2026-12-01',
  side: 'right',
  catheterModel: '8709SC',
  lengthCm: '50',
  tip: 'T10',
  linkKeys: {},
};

describe('issue 13: pages write a mg-labelled drug in mg', () => {
  it("item 1: the patient's own page says morphine in milligrams (mg), never micrograms", () => {
    expect(MG_DRUGS.length).toBeGreaterThan(0);
    const morphine: PrescriptionJson = {
      mode: 'simple-continuous',
      drug: 'morphine',
      concentrationMcgPerMl: 10_000,
      doseMcgPerDay: 3000,
    };
    expect(plainPrescription(morphine)).toBe(
      'Your pump gives 3 milligrams (mg) of morphine every day, at the same rate day and night.',
    );
    expect(plainConcentration(morphine)).toBe(
      'The medicine in the pump has 10 milligrams (mg) in each millilitre.',
    );
    // The heading names the patient's own drug, not baclofen.
    expect(pumpTitle(morphine)).toBe('Your morphine pump');
    expect(pumpTitle(null)).toBe('Your pump');
    fc.assert(
      fc.property(mgCase, ({ drug, doseMcg, concMcg }) => {
        const simple: PrescriptionJson = {
          mode: 'simple-continuous',
          drug,
          concentrationMcgPerMl: concMcg,
          doseMcgPerDay: doseMcg,
        };
        const flex: PrescriptionJson = {
          mode: 'flex',
          drug,
          concentrationMcgPerMl: concMcg,
          everyDay: { steps: [{ startMinute: 0, doseMcgPerDay: doseMcg }], boluses: [] },
        };
        for (const p of [simple, flex]) {
          const words = [plainPrescription(p), plainConcentration(p) ?? ''];
          for (const w of words) expect(w).not.toMatch(MCG);
          expect(words[0]).toMatch(/\d milligrams \(mg\)/);
        }
      }),
    );
  });

  it("item 1 and 5: baclofen's patient page reads micrograms (mcg), its numbers with separators", () => {
    const baclofen: PrescriptionJson = {
      mode: 'simple-continuous',
      drug: 'baclofen',
      concentrationMcgPerMl: 2000,
      doseMcgPerDay: 400,
    };
    expect(plainPrescription(baclofen)).toBe(
      'Your pump gives 400 micrograms (mcg) of baclofen every day, at the same rate day and night.',
    );
    expect(plainConcentration(baclofen)).toBe(
      'The medicine in the pump has 2,000 micrograms (mcg) in each millilitre.',
    );
  });

  it("item 3: the implant and replacement forms read a fill's concentration in its drug's label unit and record that drug", () => {
    const morphine = procedureBody({
      ...base,
      fill: { drug: 'morphine', concentration: '10', ml: '20', lot: 'L1' },
    });
    expect(morphine['initialFill']).toEqual({
      drug: 'morphine',
      concentrationNgPerMl: 10_000_000,
      volumeNl: 20_000_000,
      lot: 'L1',
    });
    const written = procedureBody({
      ...base,
      fill: { drug: 'hydromorphone', concentration: '2500 mcg/mL', ml: '20', lot: 'L1' },
    });
    expect(written['initialFill']).toMatchObject({ drug: 'hydromorphone', concentrationNgPerMl: 2_500_000 });
    const baclofen = procedureBody({
      ...base,
      fill: { drug: 'baclofen', concentration: '500', ml: '20', lot: 'L1' },
    });
    expect(baclofen['initialFill']).toMatchObject({ drug: 'baclofen', concentrationNgPerMl: 500_000 });
    expect(() =>
      procedureBody({ ...base, fill: { drug: 'morphine', concentration: 'ten', ml: '20', lot: 'L1' } }),
    ).toThrow(ItbError);
  });

  it('item 4: the unit-slip wording answers a morphine dose in mg/day, as typed in its mg box', () => {
    for (const id of MG_DRUGS) {
      const drug = getDrug(id);
      const hardMax = drug.hardDoseRange.value.max;
      // The clinician meant the maximum in mcg but typed it in the mg box: 1000× the dose.
      const slip = detectDoseSlip(drug, hardMax * 1000);
      expect(slip?.code).toBe('ITB_R_LIKELY_UNIT_SLIP');
      if (slip === undefined) continue;
      const text = reasonText(slip).text;
      expect(text).not.toMatch(MCG);
      expect(text).toMatch(/\d mg\/day is about 1,000× the dose range \(at most [\d.,]+ mg\/day\)/);
    }
    const baclofen = getDrug('baclofen');
    const slip = detectDoseSlip(baclofen, baclofen.hardDoseRange.value.max * 1000);
    if (slip === undefined) throw new Error('no slip');
    expect(reasonText(slip).text).toMatch(/^[\d,]+ mcg\/day is about 1,000×/);
  });
});
