/**
 * In-silico comparison of the advice against the label's rule (docs/advice.md, docs/safety-case.md): each
 * virtual patient is screened, then lives the same days three times — once started at the label's dose and
 * titrated by the label (src/body/titration.ts, +20 % a day while tone is above goal, −15 % on overdose
 * signs), once on the advised path (fitted from their own trial) and held at its last dose, and once on the
 * advised path re-fitted at each weekly review: the tone scored that day is added to the fit as a follow-up
 * assessment and the path continues from the dose the patient is on. Both advised arms see the patient on
 * the label arm's visit days and, on overdose signs, record them and re-advise: the advice reduces by the
 * label's step and never steps back up to that dose. Every arm is judged on the true patient the same way: the first day tone
 * (noise-free) is at goal, any overdose signs at 6-hourly checks, and the number of dose-change visits. Pure:
 * patients and noise come from the seeds.
 */
import { advance, createBody, observe, type Body } from '../body/body.ts';
import { samplePatient, type PatientParams } from '../body/patient.ts';
import { createRng } from '../body/random.ts';
import { DEFAULT_SCREENING_PROTOCOL, rateTone, screeningTrial } from '../body/screening.ts';
import { defaultTitrationPolicy, doseOnDay, titrateToGoal, visitDays } from '../body/titration.ts';
import { MS_PER_DAY, epochMs } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import { advise, type AdviceRequest, type AdviceStep } from './advice.ts';
import type { GivenDoses } from './path-start.ts';
import { fitTrial } from './fit.ts';
import type { FollowUpAssessment, TrialObservation } from './trial.ts';

/** Days between the reviews at which the re-fitted arm scores tone and re-fits [A]. */
export const REVIEW_DAYS = sourced(7, 'A', 'our choice: a weekly review while the path is followed');
/** Hours from the trial's last bolus to the infusion's start (implant after the trial) [A]. */
const INFUSION_AFTER_TRIAL_HOURS = 48;

export interface ArmOutcome {
  /** First day (after the start) the true tone is at or below the goal; null if not within the horizon. */
  readonly daysToGoal: number | null;
  readonly overdoseDays: number;
  readonly visits: number;
}

export interface PatientComparison {
  readonly seed: number;
  readonly label: ArmOutcome;
  readonly advice: ArmOutcome;
  /** The advised path re-fitted with the tone scored at each weekly review. */
  readonly refitted: ArmOutcome;
}

/** One day at `mcgPerDay` on the true patient; whether overdose signs showed at a 6-hourly check. */
function liveDay(body: Body, mcgPerDay: number, day: number): { body: Body; overdose: boolean } {
  const segments = [
    {
      start: epochMs(day * MS_PER_DAY),
      end: epochMs((day + 1) * MS_PER_DAY),
      ngPerDay: Math.round(mcgPerDay * 1000),
    },
  ];
  let b = body;
  let overdose = false;
  for (let k = 1; k <= 4; k++) {
    b = advance(b, { segments }, epochMs(day * MS_PER_DAY + (k * MS_PER_DAY) / 4));
    if (observe(b).overdoseStage !== 'none') overdose = true;
  }
  return { body: b, overdose };
}

/** Runs a dose-by-day schedule on the true patient, checking overdose signs every 6 h. */
export function outcomeOf(
  patient: PatientParams,
  dose: (day: number) => number,
  days: number,
  goal: number,
  visits: number,
): ArmOutcome {
  let body = createBody(patient, epochMs(0));
  let daysToGoal: number | null = null;
  let overdoseDays = 0;
  for (let day = 0; day < days; day++) {
    const lived = liveDay(body, dose(day), day);
    body = lived.body;
    if (lived.overdose) overdoseDays += 1;
    if (daysToGoal === null && observe(body).masContinuous <= goal) daysToGoal = day + 1;
  }
  return { daysToGoal, overdoseDays, visits };
}

/** The dose of a path on `day` (its last step on or before it). */
const pathDose = (steps: readonly AdviceStep[], day: number): number =>
  steps.reduce((d, s) => (s.day <= day ? s.doseMcgPerDay : d), steps[0]?.doseMcgPerDay ?? 0);

/**
 * The advised path lived on the true patient. The patient is seen on the label arm's visit days
 * (src/body/titration.ts visitDays: daily while titrating, then weekly): when overdose signs show at a visit,
 * tone is scored and recorded with the signs as a follow-up assessment, and the path is re-advised from the
 * dose the patient is on — the advice reduces by the label's step and stays below that dose (advice.ts). With
 * `reviewEvery` (the re-fitted arm, {@link REVIEW_DAYS}) tone is also scored at each review, signs or not,
 * and the path re-fitted and continued the same way.
 */
export function followedOutcome(
  patient: PatientParams,
  trial: TrialObservation,
  request: Omit<AdviceRequest, 'fit' | 'given'>,
  days: number,
  goal: number,
  reviewEvery: number | null,
): ArmOutcome {
  const rater = createRng(request.seed).fork('advice-review');
  const startHours = (trial.days.at(-1)?.givenAtHours ?? 0) + INFUSION_AFTER_TRIAL_HOURS;
  const hoursOf = (day: number): number => startHours + day * 24;
  let steps = advise({ ...request, fit: fitTrial(trial) }).steps;
  if (steps.length === 0) return outcomeOf(patient, () => 0, days, goal, 0);
  const visits = new Set(visitDays(defaultTitrationPolicy(patient), days));
  const given: { day: number; doseMcgPerDay: number }[] = [];
  const assessments: FollowUpAssessment[] = [];
  let body = createBody(patient, epochMs(0));
  let daysToGoal: number | null = null;
  let overdoseDays = 0;
  for (let day = 0; day < days; day++) {
    const review = reviewEvery !== null && day > 0 && day % reviewEvery === 0;
    const signs = (review || visits.has(day)) && observe(body).overdoseStage !== 'none';
    if (review || signs) {
      const meanMas = rateTone(body, rater, trial.muscleGroups).meanMas;
      assessments.push({ hours: hoursOf(day), meanMas, overdoseSigns: signs });
      const infusion = {
        doses: given.map((g) => ({ fromHours: hoursOf(g.day), doseMcgPerDay: g.doseMcgPerDay })),
        assessments,
      };
      const g: GivenDoses = { doses: given, today: day };
      steps = advise({ ...request, fit: fitTrial({ ...trial, infusion }), given: g }).steps;
    }
    const dose = pathDose(steps, day);
    if (given.at(-1)?.doseMcgPerDay !== dose) given.push({ day, doseMcgPerDay: dose });
    const lived = liveDay(body, dose, day);
    body = lived.body;
    if (lived.overdose) overdoseDays += 1;
    if (daysToGoal === null && observe(body).masContinuous <= goal) daysToGoal = day + 1;
  }
  return { daysToGoal, overdoseDays, visits: Math.max(0, given.length - 1) };
}

/** Compares both arms for one virtual patient; null for a non-candidate (no response to 100 µg). */
export function comparePatient(seed: number, days: number, goal = 1.5): PatientComparison | null {
  const patient = samplePatient(seed);
  const trial = screeningTrial(patient, { ...DEFAULT_SCREENING_PROTOCOL, seed });
  if (trial.decision.kind !== 'responder' || trial.decision.startDoseMcgPerDay === null) return null;
  const labelRun = titrateToGoal(patient, trial.decision.startDoseMcgPerDay, days, seed);
  const labelVisits = labelRun.visits.filter(
    (v) => v.action === 'increase' || v.action === 'decrease',
  ).length;
  const observed: TrialObservation = {
    population: 'adult-spinal',
    days: trial.days,
    muscleGroups: DEFAULT_SCREENING_PROTOCOL.muscleGroups,
  };
  const request = {
    screeningDoseMcg: trial.decision.doseMcg,
    effectHours: Math.max(1, trial.decision.effectHours),
    origin: 'spinal' as const,
    goalMeanMas: goal,
    seed,
  };
  return {
    seed,
    label: outcomeOf(patient, (day) => doseOnDay(labelRun, day), days, goal, labelVisits),
    advice: followedOutcome(patient, observed, request, days, goal, null),
    refitted: followedOutcome(patient, observed, request, days, goal, REVIEW_DAYS.value),
  };
}
