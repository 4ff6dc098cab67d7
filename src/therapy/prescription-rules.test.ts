import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dailyDose } from './dose-math.ts';
import { getDrug } from './drug-library.ts';
import type { FlexDay, FlexStep, Prescription } from './prescription.ts';
import { flexPrescriptionArb, simplePrescriptionArb } from './prescription.arbitraries.ts';
import {
  MAX_FLEX_STEPS,
  prescriptionFromJson,
  prescriptionToJson,
  validatePrescription,
} from './prescription-rules.ts';
import {
  MS_PER_HOUR,
  MS_PER_MINUTE,
  mcgPerDay,
  mcgPerMl,
  mcgToNg,
  millis,
  nanogramsPerDay,
} from './quantities.ts';
import { ItbError } from './codes.ts';

const BAC = { drug: 'baclofen' as const, concentration: mcgPerMl(2000) };
const step = (startMinute: number, mcg: number): FlexStep => ({ startMinute, dose: mcgPerDay(mcg) });
const bolus = (startMinute: number, mcg: number, minutes: number) => ({
  startMinute,
  amount: mcgToNg(mcg),
  duration: millis(minutes * MS_PER_MINUTE),
});
const flex = (everyDay: FlexDay, byWeekday?: Record<number, FlexDay>): Prescription => ({
  mode: 'flex',
  drug: BAC,
  schedule: byWeekday ? { everyDay, byWeekday } : { everyDay },
});
const codes = (p: Prescription, population?: 'adult-spinal') =>
  validatePrescription(p, population ? { population } : {}).reasons.map((r) => r.code);
const blocks = (p: Prescription) =>
  validatePrescription(p)
    .reasons.filter((r) => r.severity === 'block')
    .map((r) => r.code);

describe('validatePrescription: modes (docs/clinical-reference.md §3)', () => {
  it('passes a usual simple-continuous baclofen dose [C: label 300–800 spinal]', () => {
    const r = validatePrescription(
      { mode: 'simple-continuous', drug: BAC, dose: mcgPerDay(500) },
      { population: 'adult-spinal' },
    );
    expect(r.verdict).toBe('ok');
    expect(r.reasons.map((x) => x.code)).toEqual(['ITB_R_DOSE_WITHIN_RANGE']);
  });

  it('blocks above the hard maximum, warns above the usual range', () => {
    expect(codes({ mode: 'simple-continuous', drug: BAC, dose: mcgPerDay(2500) })).toEqual([
      'ITB_R_DOSE_ABOVE_HARD_LIMIT',
    ]);
    expect(codes({ mode: 'simple-continuous', drug: BAC, dose: mcgPerDay(900) }, 'adult-spinal')).toEqual([
      'ITB_R_DOSE_ABOVE_USUAL_RANGE',
    ]);
  });

  it('reports a slip as a blocking reason, not a guess', () => {
    const r = validatePrescription({ mode: 'simple-continuous', drug: BAC, dose: mcgPerDay(500_000) });
    expect(r.verdict).toBe('block');
    expect(r.reasons[0]?.message).toContain('did you mean 500 mcg/day?');
  });

  it('blocks a concentration the library does not allow, and names a concentration slip', () => {
    const at = (mcg: number): Prescription => ({
      mode: 'simple-continuous',
      drug: { drug: 'baclofen', concentration: mcgPerMl(mcg) },
      dose: mcgPerDay(500),
    });
    expect(blocks(at(750))).toEqual(['ITB_R_CONCENTRATION_NOT_ALLOWED']);
    expect(blocks(at(2))).toEqual(['ITB_R_LIKELY_UNIT_SLIP']);
  });

  it('minimum rate with baclofen warns of withdrawal (boxed warning); saline only in stopped/minimum-rate', () => {
    expect(validatePrescription({ mode: 'minimum-rate', drug: BAC })).toMatchObject({ verdict: 'warn' });
    const saline = { drug: 'saline' as const, concentration: mcgPerMl(0) };
    expect(validatePrescription({ mode: 'minimum-rate', drug: saline }).verdict).toBe('ok');
    expect(blocks({ mode: 'simple-continuous', drug: saline, dose: mcgPerDay(1) })).toEqual([
      'ITB_R_SALINE_HAS_NO_DOSE',
    ]);
    expect(validatePrescription({ mode: 'stopped' }).verdict).toBe('ok');
  });

  it('throws for a drug that is not in the library', () => {
    const p = {
      mode: 'minimum-rate',
      drug: { drug: 'aspirin', concentration: 1 },
    } as unknown as Prescription;
    expect(() => validatePrescription(p)).toThrow(expect.objectContaining({ code: 'ITB_E_UNKNOWN_DRUG' }));
  });
});

describe('validatePrescription: flex days (SynchroMed flexible mode, up to 13 steps [C])', () => {
  const good: FlexDay = { steps: [step(0, 400), step(720, 600)], boluses: [bolus(360, 50, 60)] };

  it('passes a well-formed day and checks its daily total (steps + boluses)', () => {
    const r = validatePrescription(flex(good), { population: 'adult-spinal' });
    expect(r.verdict).toBe('ok');
    expect(r.reasons[0]?.message).toContain('550 mcg/day');
  });

  it.each([
    [
      'first step not at midnight',
      { steps: [step(60, 400)], boluses: [] },
      'ITB_R_FLEX_FIRST_STEP_NOT_MIDNIGHT',
    ],
    [
      'starts not increasing',
      { steps: [step(0, 400), step(600, 500), step(600, 450)], boluses: [] },
      'ITB_R_FLEX_STEPS_NOT_INCREASING',
    ],
    ['minute 1440', { steps: [step(0, 400), step(1440, 500)], boluses: [] }, 'ITB_R_MINUTE_OUT_OF_DAY'],
    ['no steps', { steps: [], boluses: [] }, 'ITB_R_FLEX_STEP_COUNT'],
    ['zero step dose', { steps: [step(0, 400), step(600, 0)], boluses: [] }, 'ITB_R_NOT_POSITIVE'],
    [
      'bolus past midnight',
      { steps: [step(0, 400)], boluses: [bolus(1430, 10, 20)] },
      'ITB_R_BOLUS_PAST_MIDNIGHT',
    ],
    [
      'overlapping boluses',
      { steps: [step(0, 400)], boluses: [bolus(60, 10, 60), bolus(90, 10, 60)] },
      'ITB_R_BOLUS_OVERLAP',
    ],
    ['zero-length bolus', { steps: [step(0, 400)], boluses: [bolus(60, 10, 0)] }, 'ITB_R_NOT_POSITIVE'],
    [
      'bolus above the 100 mcg cap',
      { steps: [step(0, 400)], boluses: [bolus(60, 150, 60)] },
      'ITB_R_BOLUS_ABOVE_MAX',
    ],
    ['fractional minute', { steps: [step(0, 400), step(60.5, 400)], boluses: [] }, 'ITB_R_NOT_AN_INTEGER'],
  ] as const)('%s → %s', (_name, day, code) => {
    expect(blocks(flex(day as FlexDay))).toContain(code);
  });

  it('counts the steps the pump runs: a bolus inside a step splits it', () => {
    const steps = Array.from({ length: MAX_FLEX_STEPS.value }, (_, i) => step(i * 100, 400));
    expect(blocks(flex({ steps, boluses: [] }))).toEqual([]);
    // 13 basal steps + a bolus inside step 1 → 15 device steps
    expect(blocks(flex({ steps, boluses: [bolus(10, 10, 30)] }))).toEqual(['ITB_R_FLEX_STEP_COUNT']);
    // 12 basal steps + a bolus starting on a boundary and ending inside → 13
    expect(blocks(flex({ steps: steps.slice(0, 12), boluses: [bolus(100, 10, 30)] }))).toEqual([]);
  });

  it('labels weekday-variant violations with the day name', () => {
    const r = validatePrescription(flex(good, { 6: { steps: [step(0, 2500)], boluses: [] } }));
    expect(r.verdict).toBe('block');
    expect(r.reasons.find((x) => x.code === 'ITB_R_DOSE_ABOVE_HARD_LIMIT')?.message).toMatch(/^saturday: /);
  });

  it('warns when one step runs faster than the daily maximum, blocks when the day total does', () => {
    const fast = flex({ steps: [step(0, 400), step(600, 3000), step(660, 400)], boluses: [] });
    expect(validatePrescription(fast).reasons.map((r) => [r.code, r.severity])).toContainEqual([
      'ITB_R_STEP_RATE_ABOVE_HARD_LIMIT',
      'warn',
    ]);
    expect(blocks(flex({ steps: [step(0, 1990)], boluses: [bolus(0, 20, 60)] }))).toEqual([
      'ITB_R_DOSE_ABOVE_HARD_LIMIT',
    ]);
  });

  it('never passes a prescription whose daily dose exceeds the hard limit (property)', () => {
    const hardMax = getDrug('baclofen').hardDoseRange.value.max;
    let overCases = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          flexPrescriptionArb({ minDose: 1_000_000, maxDose: 2_400_000, maxBolus: 150_000 }),
          fc.integer({ min: 1, max: 4 * hardMax }).map((dose): Prescription => ({
            mode: 'simple-continuous',
            drug: BAC,
            dose: nanogramsPerDay(dose),
          })),
        ),
        (p) => {
          const r = validatePrescription(p);
          const days = p.mode === 'flex' ? ([undefined, 0, 1, 2, 3, 4, 5, 6] as const) : [undefined];
          const over = days.some((w) => dailyDose(p, w) > hardMax);
          if (over) {
            overCases += 1;
            expect(r.verdict).toBe('block');
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(overCases).toBeGreaterThan(30); // the property was exercised, not vacuous
  });
});

describe('prescription JSON (mcg/day, mcg/mL, minutes)', () => {
  it('reads the clinician form into nanounits', () => {
    const p = prescriptionFromJson({
      mode: 'flex',
      drug: 'baclofen',
      concentrationMcgPerMl: 2000,
      everyDay: {
        steps: [{ startMinute: 0, doseMcgPerDay: 400.5 }],
        boluses: [{ startMinute: 360, amountMcg: 25, durationMinutes: 60 }],
      },
      byWeekday: { saturday: { steps: [{ startMinute: 0, doseMcgPerDay: 300 }] } },
    });
    expect(p).toEqual({
      mode: 'flex',
      drug: BAC,
      schedule: {
        everyDay: {
          steps: [step(0, 400.5)],
          boluses: [{ startMinute: 360, amount: 25_000, duration: MS_PER_HOUR }],
        },
        byWeekday: { 6: { steps: [step(0, 300)], boluses: [] } },
      },
    });
  });

  it.each([
    [
      'an unknown key',
      { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 2000, doseMcgPerday: 500 },
    ],
    [
      'a numeric weekday',
      {
        mode: 'flex',
        drug: 'baclofen',
        concentrationMcgPerMl: 2000,
        everyDay: { steps: [] },
        byWeekday: { 6: { steps: [] } },
      },
    ],
    ['an unknown drug', { mode: 'minimum-rate', drug: 'aspirin', concentrationMcgPerMl: 1 }],
    [
      'a dose finer than 1 ng',
      { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 2000, doseMcgPerDay: 0.0001 },
    ],
    [
      'a string number',
      { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 2000, doseMcgPerDay: '500' },
    ],
    ['not an object', 'flex'],
  ])('refuses %s with ITB_E_INVALID_PRESCRIPTION and zod issues', (_name, json) => {
    try {
      prescriptionFromJson(json);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ItbError);
      expect((e as ItbError).code).toBe('ITB_E_INVALID_PRESCRIPTION');
      expect(((e as ItbError).details?.issues as unknown[]).length).toBeGreaterThan(0);
    }
  });

  it('round-trips through JSON (property)', () => {
    fc.assert(
      fc.property(fc.oneof(flexPrescriptionArb(), simplePrescriptionArb()), (p) => {
        const json: unknown = JSON.parse(JSON.stringify(prescriptionToJson(p)));
        expect(prescriptionFromJson(json)).toEqual(p);
      }),
    );
  });
});
