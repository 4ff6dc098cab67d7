/**
 * The screening trial as the fit reads it: each bolus (dose, volume, when) and the mean tone scored before
 * it and at each assessment after it. The shape is the one src/body/screening.ts produces and the trial
 * records keep (docs/clinical-reference.md §1.1), so a simulated or a recorded trial can be fitted alike.
 */
import { ItbError } from '../therapy/codes.ts';
import type { Population } from '../therapy/drug.ts';

/** One trial day: a lumbar bolus and the tone scored before and after it. */
export interface TrialDayObservation {
  readonly doseMcg: number;
  readonly volumeMl: number;
  /** Hours after the trial's start. */
  readonly givenAtHours: number;
  readonly preDose: { readonly meanMas: number };
  readonly assessments: readonly { readonly hours: number; readonly meanMas: number }[];
}

/** A patient's whole screening trial. */
export interface TrialObservation {
  readonly population: Population;
  readonly days: readonly TrialDayObservation[];
  /** Muscle groups averaged in each mean score (the rater's noise shrinks with their number). */
  readonly muscleGroups: number;
}

const POPULATIONS = new Set<unknown>(['adult-spinal', 'adult-cerebral', 'child-under-12']);
const isScore = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 4;

/**
 * Checks a trial before it is fitted. Throws ITB_E_ADVISE_INVALID_TRIAL naming the first fault, so a typed
 * or imported trial with a missing score or an impossible dose is refused, not fitted.
 */
export function validateTrial(trial: TrialObservation): void {
  const fail = (m: string): never => {
    throw new ItbError('ITB_E_ADVISE_INVALID_TRIAL', m);
  };
  if (!POPULATIONS.has(trial.population))
    fail('population must be adult-spinal, adult-cerebral or child-under-12');
  if (!Number.isInteger(trial.muscleGroups) || trial.muscleGroups < 1)
    fail('at least one muscle group must be scored');
  if (!Array.isArray(trial.days) || trial.days.length === 0) fail('the trial has no bolus day');
  let last = -Infinity;
  for (const [i, d] of trial.days.entries()) {
    const day = `trial day ${i + 1}`;
    if (!(d.doseMcg > 0 && d.doseMcg <= 200)) fail(`${day}: the bolus must be 0–200 µg, got ${d.doseMcg}`);
    if (!(d.volumeMl > 0 && d.volumeMl <= 5)) fail(`${day}: the bolus volume must be 0–5 mL`);
    if (!(Number.isFinite(d.givenAtHours) && d.givenAtHours > last))
      fail(`${day}: boluses must be given in time order`);
    last = d.givenAtHours;
    if (!isScore(d.preDose?.meanMas)) fail(`${day}: the pre-dose tone must be a mean MAS grade 0–4`);
    if (!Array.isArray(d.assessments) || d.assessments.length === 0) fail(`${day}: no tone assessment`);
    let h = 0;
    for (const a of d.assessments) {
      if (!(a.hours > h && a.hours < 48)) fail(`${day}: assessment hours must increase after the bolus`);
      h = a.hours;
      if (!isScore(a.meanMas)) fail(`${day}: each assessment must be a mean MAS grade 0–4`);
    }
  }
}
