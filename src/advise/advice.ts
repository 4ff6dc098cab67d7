/**
 * Model-informed start dose and titration path (docs/advice.md). From the fitted trial (fit.ts) the advice
 * walks the label's steps a day at a time toward the clinician's tone goal: every step is checked by the
 * therapy guardrails (src/therapy/titration.ts, start-dose.ts) and only a step they pass without a warning
 * is proposed; among those, the largest whose predicted probability of overdose signs stays under the limit.
 * The probability comes from virtual patients drawn from the fitted posterior (Laplace) with the unfitted
 * parameters (kinetics, sedation sensitivity) drawn from the population — the sedation sensitivity from its
 * update when follow-ups recorded overdose signs (sedation-fit.ts). The label's safety rule holds on the path:
 * at or above a dose at which a follow-up recorded overdose signs, the path reduces by the label's step for
 * side effects, and no increase reaches that dose again. Advice, not a prescription: the clinician accepts or
 * edits it and the guardrails apply again when it is programmed.
 */
import { createBody } from '../body/body.ts';
import { samplePatient, type PatientParams } from '../body/patient.ts';
import { createRng } from '../body/random.ts';
import { ItbError } from '../therapy/codes.ts';
import { getDrug, populationOf } from '../therapy/drug-library.ts';
import { mcgPerDay } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import { checkTitration, type Origin, type TitrationRules } from '../therapy/titration.ts';
import { sideEffectReductionPercent } from '../therapy/titration-steps.ts';
import type { GuardrailResult, Reason } from '../therapy/verdict.ts';
import { fittedPatient, samplePosterior, type TrialFit } from './fit.ts';
import { continued, labelStart, reason, type GivenDoses } from './path-start.ts';
import { at, predictDay, type Cohort } from './predict.ts';

/** The advice's own figures, each with its provenance. */
export const ADVICE_RULES = {
  goalMeanMas: sourced(
    1.5,
    'A',
    'MAS 1+ (1.5 on the mean-grade axis); trials reach 1.2–1.7 (Penn 1989; Coffey 1993) [C]',
  ),
  overdoseLimit: sourced(
    0.05,
    'A',
    'at most a 5 % predicted chance of overdose signs (drowsiness or worse) per step',
  ),
  samples: sourced(40, 'A', 'posterior draws per prediction: a 5 % limit is resolved to 2.5 %'),
  maxSteps: sourced(14, 'A', 'two weeks of daily titration (label: one increase per 24 h)'),
  hypotoniaMargin: sourced(
    1,
    'A',
    'a predicted mean tone a full grade below goal is weakness: the step is too big',
  ),
  checksPerDay: sourced(4, 'A', 'overdose signs looked for every 6 h of each day'),
} as const;

export interface AdviceRequest {
  readonly fit: TrialFit;
  /** The effective screening bolus and how long its effect lasted (the label's start-dose rule). */
  readonly screeningDoseMcg: number;
  readonly effectHours: number;
  readonly origin: Origin;
  readonly ageYears?: number;
  /** Mean MAS grade to reach (default MAS 1+). */
  readonly goalMeanMas?: number;
  readonly overdoseLimit?: number;
  readonly samples?: number;
  readonly maxSteps?: number;
  /** A clinic's edited copy of the drug's titration rules (the guardrails use it too). */
  readonly rules?: TitrationRules;
  /**
   * The infusion so far, for a path that continues from the dose the patient is on (after a follow-up
   * assessment was fitted): each dose from the day it was programmed (day 0 = the infusion's start), and today.
   */
  readonly given?: GivenDoses;
  readonly seed: number;
}

export interface AdviceStep {
  /** Days after the start of the infusion. */
  readonly day: number;
  readonly doseMcgPerDay: number;
  /** Change from the previous dose in %, null for the start. */
  readonly changePercent: number | null;
  /** Predicted mean tone at the end of this step's day: fitted patient, and the posterior's 10–90 %. */
  readonly predictedMeanMas: number;
  readonly predictedMeanMasLow: number;
  readonly predictedMeanMasHigh: number;
  /** Share of posterior patients showing overdose signs during this step's day. */
  readonly overdoseProbability: number;
  /** The guardrails' verdict on this step (the start: the label's start-dose rule). */
  readonly guardrail: GuardrailResult;
  readonly reasons: readonly Reason[];
}

export interface Advice {
  readonly goalMeanMas: number;
  readonly steps: readonly AdviceStep[];
  /** Day the fitted patient is predicted to reach the goal; null when the path stops before it. */
  readonly goalDay: number | null;
  readonly reasons: readonly Reason[];
}

function validate(r: AdviceRequest): void {
  const fail = (m: string): never => {
    throw new ItbError('ITB_E_ADVISE_INVALID_REQUEST', m);
  };
  if (r.goalMeanMas !== undefined && !(r.goalMeanMas >= 0 && r.goalMeanMas < 4))
    fail('the goal must be a mean MAS grade 0–4');
  if (r.overdoseLimit !== undefined && !(r.overdoseLimit > 0 && r.overdoseLimit < 1))
    fail('the overdose limit must be between 0 and 1');
  if (r.samples !== undefined && !(Number.isInteger(r.samples) && r.samples >= 1 && r.samples <= 1000))
    fail('samples must be 1–1000');
  if (r.maxSteps !== undefined && !(Number.isInteger(r.maxSteps) && r.maxSteps >= 0 && r.maxSteps <= 60))
    fail('steps must be 0–60');
  if (!(r.screeningDoseMcg > 0)) fail('the screening dose must be a positive number of mcg');
  if (!(r.effectHours > 0 && r.effectHours <= 48)) fail('the screening effect must have lasted 0–48 h');
  if (!Number.isFinite(r.seed)) fail('the seed must be a number');
  if (r.given !== undefined) {
    const g = r.given;
    if (!(Number.isInteger(g.today) && g.today >= 1 && g.today <= 365))
      fail('today must be a whole day 1–365 after the infusion’s start');
    if (g.doses.length === 0 || g.doses[0]?.day !== 0) fail('the doses given must start on day 0');
    let last = -1;
    for (const d of g.doses) {
      if (!(Number.isInteger(d.day) && d.day > last && d.day < g.today))
        fail('the doses given must be on whole days in order, before today');
      last = d.day;
      if (!(d.doseMcgPerDay > 0)) fail('each dose given must be a positive number of mcg/day');
    }
  }
}

/**
 * The advice for a fitted trial. Throws ITB_E_ADVISE_INVALID_REQUEST on a bad request; when the label's
 * start-dose rule refuses a dose (no response, outside the hard limits) the advice has no steps and says why.
 */
export function advise(request: AdviceRequest): Advice {
  validate(request);
  const goal = request.goalMeanMas ?? ADVICE_RULES.goalMeanMas.value;
  const limit = request.overdoseLimit ?? ADVICE_RULES.overdoseLimit.value;
  const n = request.samples ?? ADVICE_RULES.samples.value;
  const maxSteps = request.maxSteps ?? ADVICE_RULES.maxSteps.value;
  const checks = ADVICE_RULES.checksPerDay.value;
  const population = populationOf(request.origin, request.ageYears);
  const rng = createRng(request.seed).fork('advice-posterior');
  const draws: PatientParams[] = Array.from({ length: n }, (_, i) =>
    samplePosterior(request.fit, rng, samplePatient(request.seed * 1000 + i, population)),
  );
  let cohort: Cohort = {
    fitted: createBody(fittedPatient(request.fit), at(0)),
    draws: draws.map((p) => createBody(p, at(0))),
  };

  const begun =
    request.given === undefined
      ? labelStart(request, cohort, limit, checks)
      : continued(request.given, cohort, checks);
  if ('refused' in begun) return { goalMeanMas: goal, steps: [], goalDay: null, reasons: begun.refused };
  const steps: AdviceStep[] = [begun.step];
  cohort = begun.cohort;
  let predicted = begun.step.predictedMeanMas;
  const increases = [...begun.increases];
  const drug = getDrug('baclofen');
  const rules = request.rules ?? drug.titration;
  const percents = stepPercents(rules, population === 'adult-spinal' ? 'spinal' : 'cerebral-or-child');
  const ceiling = sedationCeiling(request.fit);
  const atOrAbove = (dose: number): boolean => ceiling !== null && dose >= ceiling;
  const guard = (current: number, dose: number, day: number): GuardrailResult =>
    checkTitration({
      current: mcgPerDay(current),
      proposed: mcgPerDay(dose),
      origin: request.origin,
      ...(request.ageYears === undefined ? {} : { ageYears: request.ageYears }),
      hoursSinceLastChange: 24,
      increasesInPastWeek: increases.filter((d) => d > day - 7).length,
      phase: 'titration',
      rules,
    });
  // The label's safety rule (src/therapy/titration-steps.ts sideEffectReductionPercent): overdose signs
  // recorded at a dose on the path reduce it by the label's step for side effects, the same day. The
  // guardrails may warn (a dose below the usual range); a reduction they block is not proposed: the path
  // stops and says why.
  const reduce = (day: number, from: Cohort): Reason | null => {
    const current = steps.at(-1)?.doseMcgPerDay as number;
    const { percent, source } = reductionOf(rules, drug.titration);
    const dose = Math.max(1, Math.min(current - 1, Math.round(current * (1 - percent / 100))));
    const guardrail = guard(current, dose, day);
    const signs = `overdose signs were recorded at ${ceiling} mcg/day`;
    if (guardrail.verdict === 'block')
      return reason(
        'ITB_R_ADVISE_STOPPED',
        'warn',
        `${signs}, and the guardrails block the label's ${percent} % reduction from ${current} mcg/day on ` +
          `day ${day}: review the patient`,
      );
    const next = predictDay(from, dose, day, checks);
    steps.push({
      day,
      doseMcgPerDay: dose,
      changePercent: Math.round(((dose - current) / current) * 1000) / 10,
      predictedMeanMas: next.meanMas,
      predictedMeanMasLow: next.low,
      predictedMeanMasHigh: next.high,
      overdoseProbability: next.overdoseProbability,
      guardrail,
      reasons: [
        reason(
          'ITB_R_ADVISE_REDUCED',
          'warn',
          `${signs}: reduce by ${percent} % for side effects [${source}] and keep the path below ` +
            `${ceiling} mcg/day`,
        ),
      ],
    });
    cohort = next.cohort;
    predicted = next.meanMas;
    return null;
  };
  const held = (r: Reason): Advice => ({ goalMeanMas: goal, steps, goalDay: null, reasons: [r] });
  if (atOrAbove(begun.step.doseMcgPerDay)) {
    const refused = reduce(begun.step.day, begun.before);
    if (refused !== null) return held(refused);
  }
  const from = begun.step.day;
  const lastDose = (): number => steps.at(-1)?.doseMcgPerDay as number;
  for (let day = from + 1; day <= from + maxSteps && (predicted > goal || atOrAbove(lastDose())); day++) {
    const current = lastDose();
    if (atOrAbove(current)) {
      const refused = reduce(day, cohort);
      if (refused !== null) return held(refused);
      continue;
    }
    let chosen: {
      dose: number;
      pct: number;
      guardrail: GuardrailResult;
      next: ReturnType<typeof predictDay>;
    } | null = null;
    const limits: StopLimits = { overdose: null, weakness: false, ceiling: null };
    for (const pct of percents) {
      const dose = Math.round(current * (1 + pct / 100));
      if (dose <= current) continue;
      const guardrail = guard(current, dose, day);
      if (guardrail.verdict !== 'ok') continue;
      if (atOrAbove(dose)) {
        limits.ceiling = ceiling;
        continue;
      }
      const next = predictDay(cohort, dose, day, checks);
      if (next.overdoseProbability > limit) {
        limits.overdose = next.overdoseProbability;
        continue;
      }
      if (next.meanMas < goal - ADVICE_RULES.hypotoniaMargin.value) {
        limits.weakness = true;
        continue;
      }
      chosen = { dose, pct, guardrail, next };
      break;
    }
    if (chosen === null) return held(stopped(day, limits, limit));
    increases.push(day);
    steps.push({
      day,
      doseMcgPerDay: chosen.dose,
      changePercent: Math.round(((chosen.dose - current) / current) * 1000) / 10,
      predictedMeanMas: chosen.next.meanMas,
      predictedMeanMasLow: chosen.next.low,
      predictedMeanMasHigh: chosen.next.high,
      overdoseProbability: chosen.next.overdoseProbability,
      guardrail: chosen.guardrail,
      reasons:
        chosen.pct === percents[0]
          ? []
          : [
              reason(
                'ITB_R_ADVISE_STEP_LIMITED',
                'ok',
                `+${chosen.pct} %: a larger step predicts overdose signs, weakness or needs an override` +
                  (limits.ceiling === null
                    ? ''
                    : `, or reaches ${limits.ceiling} mcg/day, at which overdose signs were recorded`),
              ),
            ],
    });
    cohort = chosen.next.cohort;
    predicted = chosen.next.meanMas;
  }
  const reached = predicted <= goal;
  const last = steps.at(-1) as AdviceStep;
  return {
    goalMeanMas: goal,
    steps,
    goalDay: reached ? last.day : null,
    reasons: [
      reached
        ? reason(
            'ITB_R_ADVISE_GOAL_REACHED',
            'ok',
            `mean tone predicted ≤ ${goal} at ${last.doseMcgPerDay} mcg/day on day ${last.day}`,
          )
        : reason(
            'ITB_R_ADVISE_STOPPED',
            'warn',
            `goal not predicted within ${maxSteps} daily steps; review at the next visit`,
          ),
    ],
  };
}

/** What held a day's increase back: a predicted overdose share, predicted weakness, the recorded ceiling. */
interface StopLimits {
  overdose: number | null;
  weakness: boolean;
  ceiling: number | null;
}

/** The lowest daily dose at which a follow-up assessment recorded overdose signs; null when none did. */
export function sedationCeiling(fit: TrialFit): number | null {
  const doses = fit.sedatingDosesMcgPerDay;
  return doses.length === 0 ? null : Math.min(...doses);
}

/** The reduction for side effects from the clinic's rules, else the drug library's (one place: titration-steps.ts). */
function reductionOf(
  rules: TitrationRules,
  library: TitrationRules,
): { readonly percent: number; readonly source: string } {
  const r = sideEffectReductionPercent(rules) ?? sideEffectReductionPercent(library);
  if (r === null) throw new Error('the drug library gives baclofen no reduction rule');
  return r;
}

/**
 * Why the path stops before the goal. A patient the fit predicts drowsy before the goal is a legitimate
 * outcome: the goal cannot be reached without sedation on the present evidence, and the advice says so.
 */
function stopped(day: number, limits: StopLimits, limit: number): Reason {
  const pc = (v: number): string => `${(v * 100).toFixed(0)} %`;
  const why =
    limits.overdose !== null
      ? `even the smallest step the guardrails allow predicts overdose signs in ${pc(limits.overdose)} ` +
        `(limit ${pc(limit)}): the goal cannot be reached without sedation on the present evidence`
      : limits.weakness
        ? 'every step the guardrails allow predicts weakness (tone a grade below the goal)'
        : limits.ceiling !== null
          ? `every step the guardrails allow reaches ${limits.ceiling} mcg/day, at which overdose signs were ` +
            'recorded: the path stays below it'
          : 'the guardrails allow no increase';
  return reason('ITB_R_ADVISE_STOPPED', 'warn', `no further step on day ${day}: ${why}; review the patient`);
}

/** Candidate step sizes in %, largest first: the label's titration range for the group, its ends and middle. */
function stepPercents(rules: TitrationRules, group: 'spinal' | 'cerebral-or-child'): number[] {
  if (rules.increase.kind !== 'percent') return [];
  const { min, max } = rules.increase.steps.titration[group].value;
  return [...new Set([max, Math.round((min + max) / 2), min, Math.max(1, Math.round(min / 2))])].sort(
    (a, b) => b - a,
  );
}
