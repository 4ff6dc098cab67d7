/**
 * The advice's predictions (docs/advice.md): the fitted patient and virtual patients drawn from the posterior
 * live the same daily doses, and each day gives the fitted tone, the draws' band and the share of draws with
 * overdose signs. Pure.
 */
import { advance, observe, type Body } from '../body/body.ts';
import { MS_PER_DAY, MS_PER_HOUR, epochMs, type EpochMs } from '../therapy/quantities.ts';

export const at = (day: number): EpochMs => epochMs(Math.round(day * MS_PER_DAY));

/** Advances a patient one day at `mcgPerDay`; returns the body and whether overdose signs showed. */
function oneDay(
  body: Body,
  mcgPerDay: number,
  day: number,
  checks: number,
): { body: Body; overdose: boolean } {
  let b = body;
  let overdose = false;
  const segments = [{ start: at(day), end: at(day + 1), ngPerDay: Math.round(mcgPerDay * 1000) }];
  for (let k = 1; k <= checks; k++) {
    b = advance(b, { segments }, epochMs(at(day) + Math.round((k * 24 * MS_PER_HOUR) / checks)));
    if (observe(b).overdoseStage !== 'none') overdose = true;
  }
  return { body: b, overdose };
}

const quantile = (values: readonly number[], q: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] as number;

/** The fitted patient and the posterior draws, each a body living the same doses. */
export interface Cohort {
  readonly fitted: Body;
  readonly draws: readonly Body[];
}

/**
 * One day at `mcgPerDay` for the fitted patient and every posterior draw, with overdose signs looked for
 * `checks` times: the fitted tone, the draws' 10–90 % band and the share of draws showing overdose signs.
 */
export function predictDay(c: Cohort, mcgPerDay: number, day: number, checks: number) {
  const fitted = oneDay(c.fitted, mcgPerDay, day, checks);
  const draws = c.draws.map((b) => oneDay(b, mcgPerDay, day, checks));
  const tones = draws.map((d) => observe(d.body).masContinuous);
  return {
    cohort: { fitted: fitted.body, draws: draws.map((d) => d.body) },
    meanMas: observe(fitted.body).masContinuous,
    low: quantile(tones, 0.1),
    high: quantile(tones, 0.9),
    overdoseProbability: draws.filter((d) => d.overdose).length / Math.max(1, draws.length),
  };
}

export type Prediction = ReturnType<typeof predictDay>;
