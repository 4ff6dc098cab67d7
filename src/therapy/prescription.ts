/**
 * Prescription types: what a clinician orders and a pump runs (docs/clinical-reference.md §3, infusion modes). Validation
 * with reasons lives in prescription-rules.ts; dose math in dose-math.ts.
 *
 * A prescription names the drug and concentration it was written for, so a pump holding a different
 * concentration refuses it (wrong-concentration hazard) instead of silently delivering a different dose.
 */
import type { DrugId } from './drug.ts';
import type { Millis, Nanograms, NanogramsPerDay, NanogramsPerMl } from './quantities.ts';

/** Minutes after local midnight, 0–1439. */
export type MinuteOfDay = number;
/** 0 = Sunday … 6 = Saturday (as Date#getUTCDay on the pump's local clock). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** A flex step: from `startMinute` until the next step's start (or midnight) the basal dose rate is `dose`. */
export interface FlexStep {
  readonly startMinute: MinuteOfDay;
  readonly dose: NanogramsPerDay;
}

/** A periodic bolus inside a flex day: `amount` delivered evenly over `duration`, on top of the basal. */
export interface PeriodicBolus {
  readonly startMinute: MinuteOfDay;
  readonly amount: Nanograms;
  readonly duration: Millis;
}

/** One day's flex programme. Steps are sorted, the first starts at minute 0 and they cover the whole day. */
export interface FlexDay {
  readonly steps: readonly FlexStep[];
  readonly boluses: readonly PeriodicBolus[];
}

export interface FlexSchedule {
  /** The day used unless a weekday variant is given. */
  readonly everyDay: FlexDay;
  /** Optional per-weekday variants. */
  readonly byWeekday?: Readonly<Partial<Record<Weekday, FlexDay>>>;
}

/** What the prescription assumes is in the reservoir. */
export interface DrugSpec {
  readonly drug: DrugId;
  readonly concentration: NanogramsPerMl;
}

export type Prescription =
  | { readonly mode: 'stopped' }
  | { readonly mode: 'minimum-rate'; readonly drug: DrugSpec }
  | { readonly mode: 'simple-continuous'; readonly drug: DrugSpec; readonly dose: NanogramsPerDay }
  | { readonly mode: 'flex'; readonly drug: DrugSpec; readonly schedule: FlexSchedule };

export type PrescriptionMode = Prescription['mode'];
