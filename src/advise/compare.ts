/**
 * In-silico comparison of the advice against the label's rule (docs/advice.md, docs/safety-case.md): each
 * virtual patient is screened, then lives the same days twice — once started at the label's dose and
 * titrated by the label (src/body/titration.ts, +20 % a day while tone is above goal), once on the advised
 * path (fitted from their own trial) and held at its last dose. Both arms are judged on the true patient the
 * same way: the first day tone (noise-free) is at goal, any overdose signs at 6-hourly checks, and the number
 * of dose-change visits. Pure: patients and noise come from the seeds.
 */
import { advance, createBody, observe } from '../body/body.ts';
import { samplePatient, type PatientParams } from '../body/patient.ts';
import { DEFAULT_SCREENING_PROTOCOL, screeningTrial } from '../body/screening.ts';
import { doseOnDay, titrateToGoal } from '../body/titration.ts';
import { MS_PER_DAY, epochMs } from '../therapy/quantities.ts';
import { advise } from './advice.ts';
import { fitTrial } from './fit.ts';

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
    const segments = [
      {
        start: epochMs(day * MS_PER_DAY),
        end: epochMs((day + 1) * MS_PER_DAY),
        ngPerDay: Math.round(dose(day) * 1000),
      },
    ];
    let overdose = false;
    for (let k = 1; k <= 4; k++) {
      body = advance(body, { segments }, epochMs(day * MS_PER_DAY + (k * MS_PER_DAY) / 4));
      if (observe(body).overdoseStage !== 'none') overdose = true;
    }
    if (overdose) overdoseDays += 1;
    if (daysToGoal === null && observe(body).masContinuous <= goal) daysToGoal = day + 1;
  }
  return { daysToGoal, overdoseDays, visits };
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
  const fit = fitTrial({
    population: 'adult-spinal',
    days: trial.days,
    muscleGroups: DEFAULT_SCREENING_PROTOCOL.muscleGroups,
  });
  const advice = advise({
    fit,
    screeningDoseMcg: trial.decision.doseMcg,
    effectHours: Math.max(1, trial.decision.effectHours),
    origin: 'spinal',
    goalMeanMas: goal,
    seed,
  });
  const steps = advice.steps;
  const adviceDose = (day: number): number => {
    let d = steps[0]?.doseMcgPerDay ?? 0;
    for (const s of steps) if (s.day <= day) d = s.doseMcgPerDay;
    return d;
  };
  return {
    seed,
    label: outcomeOf(patient, (day) => doseOnDay(labelRun, day), days, goal, labelVisits),
    advice: outcomeOf(patient, adviceDose, days, goal, Math.max(0, steps.length - 1)),
  };
}
