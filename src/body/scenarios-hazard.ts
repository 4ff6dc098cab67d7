/**
 * Hazard experiments on a patient already on therapy (docs/clinical-reference.md §2): a full-dose restart after
 * an interruption, a tenfold programming slip, and withdrawal left untreated. Each returns plain timings; the
 * validation rows (validation-safety.ts) judge them against the published course.
 */
import { observe, type Body } from './body.ts';
import type { PatientParams } from './patient.ts';
import { OVERDOSE_STAGES, stageRank, type OverdoseStage, type WithdrawalStage } from './scales.ts';
import { forever, scan } from './scenarios.ts';
import { titrateToGoal } from './titration.ts';

/** A patient titrated to goal for `days`, with the dose running at the end. */
export interface OnTherapy {
  readonly body: Body;
  readonly doseMcgPerDay: number;
}

export function onTherapy(patient: PatientParams, days: number, seed = 1): OnTherapy {
  const run = titrateToGoal(patient, 100, days, seed);
  return { body: run.body, doseMcgPerDay: run.visits.at(-1)?.doseMcgPerDay ?? 0 };
}

/** First hours at which each overdose stage was reached (null: never), and the worst stage. */
export interface OverdoseCourse {
  readonly tolerance: number;
  readonly drowsyHours: number | null;
  readonly respiratoryHours: number | null;
  readonly comaHours: number | null;
  readonly worstStage: OverdoseStage;
}

function overdoseCourse(body: Body, ngPerDay: number, hours: number): OverdoseCourse {
  const first: Partial<Record<OverdoseStage, number>> = {};
  let worst: OverdoseStage = 'none';
  scan(body, [forever(body.now, ngPerDay)], hours, (h, o) => {
    for (const s of OVERDOSE_STAGES) {
      if (stageRank(OVERDOSE_STAGES, o.overdoseStage) >= stageRank(OVERDOSE_STAGES, s)) first[s] ??= h;
    }
    if (stageRank(OVERDOSE_STAGES, o.overdoseStage) > stageRank(OVERDOSE_STAGES, worst))
      worst = o.overdoseStage;
  });
  return {
    tolerance: observe(body).tolerance,
    drowsyHours: first.drowsy ?? null,
    respiratoryHours: first['respiratory-depression'] ?? null,
    comaHours: first.coma ?? null,
    worstStage: worst,
  };
}

/**
 * The drug stops for `offDays` (tolerance is lost meanwhile), then the prior rate is restarted in full; the
 * overdose course over `followHours` after the restart. Case series: overdose within hours of such restarts.
 */
export function restartAfterInterruption(
  start: OnTherapy,
  offDays = 14,
  followHours = 24,
): OverdoseCourse & { readonly toleranceBefore: number } {
  const off = scan(start.body, [], offDays * 24, () => undefined);
  return {
    ...overdoseCourse(off, start.doseMcgPerDay * 1000, followHours),
    toleranceBefore: observe(start.body).tolerance,
  };
}

/** The rate is programmed `factor` times too high (a decimal slip); the overdose course over `followHours`. */
export function doseSlip(start: OnTherapy, factor = 10, followHours = 24): OverdoseCourse {
  return overdoseCourse(start.body, start.doseMcgPerDay * 1000 * factor, followHours);
}

/** Withdrawal left untreated: severity and stage at the end of each day without drug. */
export interface UntreatedWithdrawal {
  readonly severityByDay: readonly number[];
  readonly stageByDay: readonly WithdrawalStage[];
}

export function untreatedWithdrawal(start: OnTherapy, days = 9): UntreatedWithdrawal {
  const severityByDay: number[] = [];
  const stageByDay: WithdrawalStage[] = [];
  scan(start.body, [], days * 24, (h, o) => {
    if (Math.abs(h - Math.round(h / 24) * 24) < 1e-9) {
      severityByDay.push(o.withdrawalSeverity);
      stageByDay.push(o.withdrawalStage);
    }
  });
  return { severityByDay, stageByDay };
}
