/**
 * Where an advised path begins (docs/advice.md): at the label's start dose for a new infusion, or at the dose
 * the patient is on today when the path is continued after follow-up assessments were fitted.
 */
import { startDose } from '../therapy/start-dose.ts';
import { hours, mcgToNg, ngToMcg } from '../therapy/quantities.ts';
import { verdictOf, type GuardrailResult, type Reason } from '../therapy/verdict.ts';
import type { AdviceRequest, AdviceStep } from './advice.ts';
import { predictDay, type Cohort, type Prediction } from './predict.ts';

/** The dose given on `day` (the last programmed on or before it). */
const doseOn = (g: GivenDoses, day: number): number =>
  g.doses.reduce((d, x) => (x.day <= day ? x.doseMcgPerDay : d), g.doses[0]?.doseMcgPerDay ?? 0);

/** Doses given since the infusion started, each from its day, and the day the path continues from. */
export interface GivenDoses {
  readonly doses: readonly { readonly day: number; readonly doseMcgPerDay: number }[];
  readonly today: number;
}

export const reason = (code: string, severity: Reason['severity'], message: string): Reason => ({
  code,
  severity,
  message,
});

/**
 * How a path begins: its first step, the cohort before and after that step's day (a reduction on overdose
 * signs takes effect the same day) and the days of recent increases.
 */
export type Begun =
  | {
      readonly step: AdviceStep;
      readonly before: Cohort;
      readonly cohort: Cohort;
      readonly increases: readonly number[];
    }
  | { readonly refused: readonly Reason[] };

const stepOf = (
  day: number,
  doseMcgPerDay: number,
  p: Prediction,
  guardrail: GuardrailResult,
  reasons: readonly Reason[],
): AdviceStep => ({
  day,
  doseMcgPerDay,
  changePercent: null,
  predictedMeanMas: p.meanMas,
  predictedMeanMasLow: p.low,
  predictedMeanMasHigh: p.high,
  overdoseProbability: p.overdoseProbability,
  guardrail,
  reasons,
});

/** A new path: the label's start dose, lowered to 1 × the screening dose when the fit predicts overdose at 2 ×. */
export function labelStart(request: AdviceRequest, cohort: Cohort, limit: number, checks: number): Begun {
  const label = startDose({
    screeningDose: mcgToNg(request.screeningDoseMcg),
    effectDuration: hours(request.effectHours),
  });
  if (label.dailyDose === null) return { refused: label.reasons };
  const dose = ngToMcg(label.dailyDose);
  const first = predictDay(cohort, dose, 0, checks);
  if (first.overdoseProbability > limit && label.rule === 'double') {
    // The label allows 1× the screening dose after a long effect; a sensitive fitted patient starts there.
    const single = startDose({ screeningDose: mcgToNg(request.screeningDoseMcg), effectDuration: hours(9) });
    if (single.dailyDose !== null) {
      const lowered = predictDay(cohort, ngToMcg(single.dailyDose), 0, checks);
      const why = `the fit predicts overdose signs in ${(first.overdoseProbability * 100).toFixed(0)} % at ${dose} mcg/day`;
      const r = reason('ITB_R_ADVISE_START_LOWERED', 'warn', `${why}: start at 1 × the screening dose`);
      return {
        step: stepOf(0, ngToMcg(single.dailyDose), lowered, single, [r]),
        before: cohort,
        cohort: lowered.cohort,
        increases: [],
      };
    }
  }
  return { step: stepOf(0, dose, first, label, []), before: cohort, cohort: first.cohort, increases: [] };
}

/** A path that continues from the dose the patient is on today, the cohort having lived the doses given. */
export function continued(g: GivenDoses, start: Cohort, checks: number): Begun {
  let cohort = start;
  for (let day = 0; day < g.today; day++) cohort = predictDay(cohort, doseOn(g, day), day, checks).cohort;
  const increases = g.doses.filter((d, i) => i > 0 && d.doseMcgPerDay > (g.doses[i - 1]?.doseMcgPerDay ?? 0));
  const current = doseOn(g, g.today);
  const today = predictDay(cohort, current, g.today, checks);
  const r = reason(
    'ITB_R_ADVISE_CONTINUED',
    'ok',
    `continuing from ${current} mcg/day on day ${g.today} of the infusion, after the doses given since its start`,
  );
  return {
    step: stepOf(g.today, current, today, verdictOf([r]), [r]),
    before: cohort,
    cohort: today.cohort,
    increases: increases.map((d) => d.day),
  };
}
