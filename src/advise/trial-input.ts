/**
 * A trial as a file or an API body gives it (docs/advice.md): the days of `itb sim trial --json` or of a
 * clinic's trial record, the patient's origin and age, and the effective screening dose with the length of
 * its effect (read from the decision when the file has one). Checked here so a bad file is refused whole.
 */
import { ItbError } from '../therapy/codes.ts';
import { populationOf } from '../therapy/drug-library.ts';
import type { Origin } from '../therapy/titration.ts';
import { validateTrial, type TrialObservation } from './trial.ts';

export interface TrialInput {
  readonly trial: TrialObservation;
  readonly origin: Origin;
  readonly ageYears?: number;
  readonly screeningDoseMcg: number;
  readonly effectHours: number;
}

const record = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/**
 * Reads a parsed JSON value. Throws ITB_E_ADVISE_INVALID_TRIAL naming what is missing; the origin defaults
 * to spinal and the muscle groups to 4 (the screening protocol's count).
 */
export function trialInputFrom(value: unknown): TrialInput {
  const fail = (m: string): never => {
    throw new ItbError('ITB_E_ADVISE_INVALID_TRIAL', m);
  };
  const v = record(value) ?? fail('the trial must be a JSON object with its days');
  const origin = v.origin ?? 'spinal';
  if (origin !== 'spinal' && origin !== 'cerebral') fail('origin must be spinal or cerebral');
  const age = v.ageYears;
  if (age !== undefined && !(typeof age === 'number' && age >= 0 && age < 130))
    fail('age must be 0–130 years');
  const groups = v.muscleGroups ?? 4;
  const decision = record(v.decision);
  const responded = Array.isArray(v.days)
    ? (v.days as unknown[]).map(record).find((d) => d?.responded === true)
    : undefined;
  const dose = v.screeningDoseMcg ?? decision?.doseMcg ?? responded?.doseMcg;
  const effect = v.effectHours ?? decision?.effectHours ?? responded?.effectHours;
  if (decision?.kind === 'non-candidate')
    fail('the trial found no response: not a candidate, no dose to advise');
  if (typeof dose !== 'number' || typeof effect !== 'number')
    fail(
      'the trial names no effective screening dose (screeningDoseMcg and effectHours, or a responder decision)',
    );
  const population = populationOf(origin as Origin, age as number | undefined);
  const trial = {
    population,
    days: v.days,
    muscleGroups: groups,
    ...(v.infusion === undefined ? {} : { infusion: v.infusion }),
  } as TrialObservation;
  validateTrial(trial);
  // A response seen at assessments an hour apart lasted at least that hour.
  return {
    trial,
    origin: origin as Origin,
    ...(age === undefined ? {} : { ageYears: age as number }),
    screeningDoseMcg: dose as number,
    effectHours: Math.max(1, effect as number),
  };
}
