/**
 * An opioid start is judged by the patient's opioid status (docs/clinical-reference.md §2 [C: Infumorph
 * label, section 2]: naive 0.2–1 mg/day, tolerant 1–10 mg/day). Property: over every morphine start dose in
 * the library's absolute range, an unknown status never passes silently — above the naive range it is
 * refused, within it asked (warn) — a naive start above its range is refused, and a tolerant start never
 * meets the naive rule.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getDrug } from './drug-library.ts';
import type { OpioidStatus } from './drug.ts';
import { checkStartPrescription } from './prescription-change.ts';
import { prescriptionFromJson } from './prescription-json.ts';

const morphine = getDrug('morphine');
const naiveMax = morphine.opioidStartRanges?.naive.value.max ?? 0;
const hard = morphine.hardDoseRange.value;
const start = (doseMcgPerDay: number, opioidStatus?: OpioidStatus) =>
  checkStartPrescription({
    prescription: prescriptionFromJson({
      mode: 'simple-continuous',
      drug: 'morphine',
      concentrationMcgPerMl: 10_000,
      doseMcgPerDay,
    }),
    ageYears: 50,
    ...(opioidStatus === undefined ? {} : { opioidStatus }),
  });
const codes = (r: ReturnType<typeof start>) => r.reasons.map((x) => x.code);

describe('opioid start by opioid status', () => {
  it('opioid status is not fed: an unknown status is refused above the naive range and asked within it', () => {
    fc.assert(
      fc.property(fc.integer({ min: hard.min / 1000, max: hard.max / 1000 }), (mcg) => {
        const r = start(mcg);
        expect(codes(r)).toContain('ITB_R_OPIOID_STATUS_UNKNOWN');
        expect(r.verdict).toBe(mcg * 1000 > naiveMax ? 'block' : 'warn');
      }),
    );
  });

  it('a naive start above the naive range is refused; a tolerant one never meets the naive rule', () => {
    fc.assert(
      fc.property(fc.integer({ min: hard.min / 1000, max: hard.max / 1000 }), (mcg) => {
        const naive = start(mcg, 'naive');
        expect(codes(naive).includes('ITB_R_OPIOID_NAIVE_START_ABOVE_RANGE')).toBe(mcg * 1000 > naiveMax);
        expect(codes(start(mcg, 'tolerant'))).not.toContain('ITB_R_OPIOID_NAIVE_START_ABOVE_RANGE');
        expect(codes(start(mcg, 'tolerant'))).not.toContain('ITB_R_OPIOID_STATUS_UNKNOWN');
      }),
    );
  });

  it('a drug without opioid start ranges (baclofen) is not asked for an opioid status', () => {
    const r = checkStartPrescription({
      prescription: prescriptionFromJson({
        mode: 'simple-continuous',
        drug: 'baclofen',
        concentrationMcgPerMl: 500,
        doseMcgPerDay: 100,
      }),
    });
    expect(r.verdict).toBe('ok');
    expect(r.reasons).toEqual([]);
  });
});
