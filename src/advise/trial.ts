/**
 * The screening trial as the fit reads it: each bolus (dose, volume, when) and the mean tone scored before
 * it and at each assessment after it. The shape is the one src/body/screening.ts produces and the trial
 * records keep (docs/clinical-reference.md §1.1), so a simulated or a recorded trial can be fitted alike.
 */
import { ItbError } from '../therapy/codes.ts';
import type { Population } from '../therapy/drug.ts';
import { getDrug } from '../therapy/drug-library.ts';
import { ngToMcg } from '../therapy/quantities.ts';

/** One trial day: a lumbar bolus and the tone scored before and after it. */
export interface TrialDayObservation {
  readonly doseMcg: number;
  readonly volumeMl: number;
  /** Hours after the trial's start. */
  readonly givenAtHours: number;
  readonly preDose: { readonly meanMas: number };
  readonly assessments: readonly { readonly hours: number; readonly meanMas: number }[];
}

/**
 * One follow-up assessment on the infusion: the mean tone scored (hours after the trial's start) and, when
 * the clinician looked, whether overdose signs were seen — drowsiness, dizziness or worse
 * (docs/clinical-reference.md, "Overdose"). Absent: not recorded.
 */
export interface FollowUpAssessment {
  readonly hours: number;
  readonly meanMas: number;
  readonly overdoseSigns?: boolean;
}

/**
 * The infusion after the trial, as titration goes on: each daily dose from the hour it was programmed (hours
 * after the trial's start) until the next, and the mean tone scored on it (follow-up assessments).
 */
export interface InfusionObservation {
  readonly doses: readonly { readonly fromHours: number; readonly doseMcgPerDay: number }[];
  readonly assessments: readonly FollowUpAssessment[];
}

/** A patient's whole screening trial, and the infusion's follow-up assessments when there are any. */
export interface TrialObservation {
  readonly population: Population;
  readonly days: readonly TrialDayObservation[];
  /** Muscle groups averaged in each mean score (the rater's noise shrinks with their number). */
  readonly muscleGroups: number;
  readonly infusion?: InfusionObservation;
}

/** The largest daily dose an infusion assessment is read at: the library's baclofen hard maximum. */
const MAX_INFUSION_MCG_PER_DAY = ngToMcg(getDrug('baclofen').hardDoseRange.value.max);

const POPULATIONS = new Set<unknown>(['adult-spinal', 'adult-cerebral', 'child-under-12']);
/** Whether `v` is a list (without narrowing a typed list to any[]). */
const isList = (v: unknown): boolean => Array.isArray(v);
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
    if (!(d.doseMcg > 0 && d.doseMcg <= 200)) fail(`${day}: the bolus must be 0–200 mcg, got ${d.doseMcg}`);
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
  if (trial.infusion !== undefined) validateInfusion(trial.infusion, last, fail);
}

/** The infusion starts after the last bolus, its doses and assessments in time order, each assessment on a dose. */
function validateInfusion(
  inf: InfusionObservation,
  lastBolusHours: number,
  fail: (m: string) => never,
): void {
  if (!isList(inf.doses) || inf.doses.length === 0) fail('the infusion has no dose');
  if (!isList(inf.assessments)) fail('the infusion assessments must be a list');
  let h = lastBolusHours;
  for (const d of inf.doses) {
    if (!(Number.isFinite(d.fromHours) && d.fromHours > h))
      fail('infusion doses must start after the trial’s last bolus, in time order');
    h = d.fromHours;
    if (!(d.doseMcgPerDay > 0 && d.doseMcgPerDay <= MAX_INFUSION_MCG_PER_DAY))
      fail(`an infusion dose must be 0–${MAX_INFUSION_MCG_PER_DAY} mcg/day, got ${d.doseMcgPerDay}`);
  }
  let a = (inf.doses[0] as { fromHours: number }).fromHours;
  for (const x of inf.assessments) {
    if (!(Number.isFinite(x.hours) && x.hours > a))
      fail('infusion assessments must follow the infusion’s start, in time order');
    a = x.hours;
    if (!isScore(x.meanMas)) fail('each infusion assessment must be a mean MAS grade 0–4');
    const signs: unknown = x.overdoseSigns;
    if (signs !== undefined && typeof signs !== 'boolean')
      fail('an infusion assessment’s overdoseSigns must be true or false (or left out when not recorded)');
  }
}

/** The daily dose in force at `hours` of an infusion (the last programmed at or before it), null before it. */
export function infusionDoseAt(inf: InfusionObservation, hours: number): number | null {
  return inf.doses.reduce<number | null>((d, x) => (x.fromHours <= hours ? x.doseMcgPerDay : d), null);
}

/**
 * The daily doses at which a follow-up assessment recorded overdose signs, in the assessments' order: the
 * advice reduces below the lowest of them and never steps back up to it (advice.ts).
 */
export function sedatingDoses(trial: TrialObservation): number[] {
  const inf = trial.infusion;
  if (inf === undefined) return [];
  return inf.assessments.flatMap((a) => {
    const dose = a.overdoseSigns === true ? infusionDoseAt(inf, a.hours) : null;
    return dose === null ? [] : [dose];
  });
}
