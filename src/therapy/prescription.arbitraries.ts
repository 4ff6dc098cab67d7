/**
 * fast-check generators of well-formed prescriptions, shared by the therapy property tests (test support
 * only; nothing in the product imports this file).
 */
import fc from 'fast-check';
import type { FlexDay, Prescription, Weekday } from './prescription.ts';
import {
  MS_PER_DAY,
  MS_PER_MINUTE,
  mcgPerMl,
  millis,
  nanograms,
  nanogramsPerDay,
  type NanogramsPerMl,
} from './quantities.ts';

/** The label strengths of baclofen, in ng/mL. */
export const BACLOFEN_STRENGTHS: readonly NanogramsPerMl[] = [50, 500, 1000, 2000].map(mcgPerMl);

export interface DayLimits {
  /** Step rates in ng/day. */
  readonly minDose: number;
  readonly maxDose: number;
  /** Largest periodic bolus in ng. */
  readonly maxBolus: number;
  readonly maxSteps: number;
  readonly maxBoluses: number;
}

const DEFAULT_LIMITS: DayLimits = {
  minDose: 12_000,
  maxDose: 2_003_000,
  maxBolus: 100_000,
  maxSteps: 6,
  maxBoluses: 3,
};

/** A well-formed flex day: first step at minute 0, increasing starts, boluses inside the day, disjoint. */
export function flexDayArb(limits: Partial<DayLimits> = {}): fc.Arbitrary<FlexDay> {
  const l = { ...DEFAULT_LIMITS, ...limits };
  const steps = fc
    .uniqueArray(fc.integer({ min: 1, max: 1439 }), { maxLength: l.maxSteps - 1 })
    .chain((starts) => {
      const sorted = [0, ...starts.sort((a, b) => a - b)];
      return fc.tuple(
        ...sorted.map((startMinute) =>
          fc
            .integer({ min: l.minDose, max: l.maxDose })
            .map((dose) => ({ startMinute, dose: nanogramsPerDay(dose) })),
        ),
      );
    });
  const boluses = fc
    .uniqueArray(fc.integer({ min: 0, max: 1439 }), { maxLength: l.maxBoluses })
    .chain((starts) => {
      const sorted = starts.sort((a, b) => a - b);
      return fc.tuple(
        ...sorted.map((startMinute, i) => {
          const limit = (sorted[i + 1] ?? 1440) * MS_PER_MINUTE - startMinute * MS_PER_MINUTE;
          return fc
            .record({
              amount: fc.integer({ min: 1, max: l.maxBolus }),
              duration: fc.integer({ min: 1, max: Math.min(limit, MS_PER_DAY) }),
            })
            .map(({ amount, duration }) => ({
              startMinute,
              amount: nanograms(amount),
              duration: millis(duration),
            }));
        }),
      );
    });
  return fc.record({ steps, boluses });
}

/** A baclofen flex prescription at a label strength, with up to 3 weekday variants. */
export function flexPrescriptionArb(limits: Partial<DayLimits> = {}): fc.Arbitrary<Prescription> {
  return fc
    .record({
      concentration: fc.constantFrom(...BACLOFEN_STRENGTHS),
      everyDay: flexDayArb(limits),
      variants: fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), flexDayArb(limits)), {
        maxLength: 3,
      }),
    })
    .map(({ concentration, everyDay, variants }): Prescription => {
      const byWeekday: Partial<Record<Weekday, FlexDay>> = {};
      for (const [w, d] of variants) byWeekday[w as Weekday] = d;
      return {
        mode: 'flex',
        drug: { drug: 'baclofen', concentration },
        schedule: variants.length > 0 ? { everyDay, byWeekday } : { everyDay },
      };
    });
}

/** A simple-continuous baclofen prescription inside the hard range at a label strength. */
export function simplePrescriptionArb(): fc.Arbitrary<Prescription> {
  return fc
    .record({
      concentration: fc.constantFrom(...BACLOFEN_STRENGTHS),
      dose: fc.integer({ min: DEFAULT_LIMITS.minDose, max: DEFAULT_LIMITS.maxDose }),
    })
    .map(({ concentration, dose }): Prescription => ({
      mode: 'simple-continuous',
      drug: { drug: 'baclofen', concentration },
      dose: nanogramsPerDay(dose),
    }));
}
