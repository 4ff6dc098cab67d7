/**
 * Issue 13, the CLI: `itb pump simulate` writes what it delivered in the drug's label unit (mg for morphine),
 * and the programmer's review rows (the CLI's change lines) write a dose with the same formatter as the
 * reasons beside them, so "1000 mcg/day" never stands beside "1,000 mcg/day". The JSON fields stay in mcg.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { doseRangeReasons } from '../therapy/dose-check.ts';
import type { DrugId } from '../therapy/drug.ts';
import { DRUG_IDS, getDrug } from '../therapy/drug-library.ts';
import { epochMs, nanogramsPerDay, nanogramsPerMl, nanolitres } from '../therapy/quantities.ts';
import { getProfile } from '../pump/profiles.ts';
import { labelOf } from './programmer-review.ts';
import { reasonLine } from './reason-line.ts';
import { simulationText, simulatePump } from './pump.ts';

/** The concentrations the library allows for the drug (a listed one, or whole mg/mL up to its maximum). */
function concentrationArb(id: DrugId): fc.Arbitrary<number> {
  const rule = getDrug(id).concentrations;
  return rule.kind === 'listed'
    ? fc.constantFrom(...rule.allowed.value)
    : fc.integer({ min: 1, max: Math.floor(rule.max.value / 1_000_000) }).map((mg) => mg * 1_000_000);
}

const MG_DRUGS = DRUG_IDS.filter((id) => getDrug(id).labelUnit === 'mg');
/** A quantity written in mcg ("300 mcg", "1,000 mcg/day"). */
const MCG_QUANTITY = /\d\s*mcg\b/;

describe('issue 13: CLI texts in the drug label unit, one number format', () => {
  it('item 2: `itb pump simulate` says what it delivered of an mg-labelled drug in mg (JSON stays mcg)', () => {
    expect(MG_DRUGS.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(
        fc.constantFrom(...MG_DRUGS).chain((drug) => fc.tuple(fc.constant(drug), concentrationArb(drug))),
        fc.integer({ min: 1, max: 3 }),
        ([drug, ngPerMl], days) => {
          const concentration = nanogramsPerMl(ngPerMl);
          const report = simulatePump({
            profile: getProfile('peristaltic-20'),
            fill: { drug, concentration, volume: nanolitres(20_000_000) },
            prescription: {
              mode: 'simple-continuous',
              drug: { drug, concentration },
              dose: nanogramsPerDay(getDrug(drug).hardDoseRange.value.max / 10),
            },
            start: epochMs(Date.UTC(2026, 0, 1)),
            days,
          });
          const text = simulationText(report);
          expect(text).not.toMatch(MCG_QUANTITY);
          expect(text).toMatch(/delivered [\d.]+ mL \([\d.,]+ mg\)/);
          expect(report.deliveredMcg).toBeCloseTo((report.deliveredMl * ngPerMl) / 1000, 3);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('item 5: a review row writes a dose as the reasons do ("1,000 mcg/day", never "1000 mcg/day")', () => {
    expect(labelOf(1_000_000, 'baclofen', '/day')).toBe('1,000 mcg/day');
    expect(labelOf(2_000_000, 'baclofen', '/mL')).toBe('2,000 mcg/mL');
    expect(labelOf(3_300_000, 'morphine', '/day')).toBe('3.3 mg/day');
    fc.assert(
      fc.property(fc.constantFrom(...DRUG_IDS), fc.nat(), (id, n) => {
        const drug = getDrug(id);
        const hard = drug.hardDoseRange.value;
        if (hard.max <= 0) return;
        // Whole mcg/day within the drug's hard range: the dose a row and a reason both name.
        const dose =
          (Math.ceil(hard.min / 1000) + (n % Math.max(1, hard.max / 1000 - hard.min / 1000))) * 1000;
        const row = labelOf(dose, id, '/day');
        const reasons = doseRangeReasons(drug, dose).map((r) => reasonLine(r));
        expect(reasons.length).toBeGreaterThan(0);
        expect(reasons.join('\n')).toContain(row);
      }),
    );
  });
});
