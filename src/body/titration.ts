/**
 * A simple titration-to-goal policy [A] run on a virtual patient, used to check that the model's tolerance
 * reproduces how dose needs evolve (docs/clinical-reference.md §1.4–1.5: dose climbs for 12–18 months then plateaus at
 * ~350 µg/day; 22 % keep rising > 100 µg/year [C: label; Heetla 2009]). Not a clinical algorithm.
 *
 * Visits: daily during titration (never more than one increase per 24 h), weekly until day 90, then every
 * 28 days. At a visit: CNS depression → reduce (label: 10–20 % for side effects); mean tone above goal →
 * increase by the origin's step (spinal +10–30 %, cerebral and children +5–15 % [C: label, CMSC 2015]);
 * otherwise hold. Never beyond the drug library's absolute daily maximum. Above the library's usual
 * maintenance range an increase needs the one before it to have lowered tone; without that the patient is
 * refractory and the dose is held from then on (a team looks for a catheter or pump fault, or tone the drug
 * cannot reach, before going further).
 */
import { getDrug, softRangeFor } from '../therapy/drug-library.ts';
import { MS_PER_DAY, epochMs, ngToMcg, type EpochMs } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';
import { sideEffectReductionPercent } from '../therapy/titration-steps.ts';
import { advance, createBody, observe, type Body } from './body.ts';
import type { PatientParams } from './patient.ts';
import { createRng } from './random.ts';
import type { OverdoseStage } from './scales.ts';
import { rateTone } from './screening.ts';

export interface TitrationPolicy {
  /** Mean MAS grade the policy aims at or below (trials: 3.9 → 1.2–1.7 on therapy). */
  readonly goalMeanMas: number;
  readonly titrationDays: number;
  readonly weeklyUntilDay: number;
  readonly maintenanceEveryDays: number;
  /** Fractional increase per visit during titration and in maintenance. */
  readonly titrationStep: number;
  readonly maintenanceStep: number;
  /** Fractional decrease for CNS depression or excessive weakness. */
  readonly sideEffectStep: number;
  /** Mean tone this far below goal counts as excessive weakness (hypotonia) and lowers the dose. */
  readonly hypotoniaMargin: number;
  readonly muscleGroups: number;
  readonly maxMcgPerDay: number;
  /** Top of the usual maintenance range: above it an increase needs a response to the last one. */
  readonly usualMaxMcgPerDay: number;
  /** The fall in judged mean MAS since the last increase that counts as a response to it. */
  readonly responseMas: number;
}

const LABEL = 'Lioresal Intrathecal / Gablofen US labels';
const BACLOFEN = getDrug('baclofen');
const MAX_ADULT = ngToMcg(BACLOFEN.hardDoseRange.value.max);
/** The drug library's reduction for side effects (the middle of the label's 10–20 %): one place for it. */
const SIDE_EFFECT_REDUCTION = ((): { percent: number; source: string } => {
  const r = sideEffectReductionPercent(BACLOFEN.titration);
  if (r === null) throw new Error('the drug library gives baclofen no reduction rule');
  return r;
})();

/** The policy's figures with their sources. */
export const TITRATION_RULES = {
  goalMeanMas: sourced(1.5, 'A', 'mean MAS on therapy 1.2–1.7 (Penn 1989; Coffey 1993) [C]'),
  spinalSteps: sourced({ titration: 0.2, maintenance: 0.15 }, 'C', `${LABEL}; CMSC 2015: +10–30 %, 10–40 %`),
  gentleSteps: sourced({ titration: 0.1, maintenance: 0.1 }, 'C', `${LABEL}; CMSC 2015: +5–15 %, 5–20 %`),
  sideEffectStep: sourced(
    SIDE_EFFECT_REDUCTION.percent / 100,
    'U',
    `${SIDE_EFFECT_REDUCTION.source}; the middle of the range`,
  ),
  hypotoniaMargin: sourced(1, 'A', 'mean MAS a full grade below goal: weakness that impairs function'),
  responseMas: sourced(
    0.25,
    'U',
    'loss of response to dose increases calls for a search for a catheter or pump fault rather than more ' +
      'increases (Saulino et al., Neuromodulation 2017;20:187–197); applied above the usual maintenance ' +
      'range, with a quarter grade as the response, is ours [A]',
  ),
} as const;

/** The policy for a patient's population. */
export function defaultTitrationPolicy(patient: PatientParams): TitrationPolicy {
  const steps =
    patient.population === 'adult-spinal'
      ? TITRATION_RULES.spinalSteps.value
      : TITRATION_RULES.gentleSteps.value;
  return {
    goalMeanMas: TITRATION_RULES.goalMeanMas.value,
    titrationDays: 14,
    weeklyUntilDay: 90,
    maintenanceEveryDays: 28,
    titrationStep: steps.titration,
    maintenanceStep: steps.maintenance,
    sideEffectStep: TITRATION_RULES.sideEffectStep.value,
    hypotoniaMargin: TITRATION_RULES.hypotoniaMargin.value,
    muscleGroups: 4,
    maxMcgPerDay: MAX_ADULT,
    usualMaxMcgPerDay: ngToMcg(
      softRangeFor(BACLOFEN, patient.population)?.value.max ?? BACLOFEN.hardDoseRange.value.max,
    ),
    responseMas: TITRATION_RULES.responseMas.value,
  };
}

export type TitrationAction = 'start' | 'increase' | 'hold' | 'decrease' | 'refractory';

export interface TitrationVisit {
  readonly day: number;
  /** Dose running from this visit on. */
  readonly doseMcgPerDay: number;
  readonly meanMas: number;
  readonly overdoseStage: OverdoseStage;
  readonly action: TitrationAction;
}

export interface TitrationRun {
  readonly visits: readonly TitrationVisit[];
  readonly body: Body;
}

/** Visit days: daily, then weekly, then every 28 days, up to `days`. */
export function visitDays(policy: TitrationPolicy, days: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= days;) {
    out.push(d);
    d += d < policy.titrationDays ? 1 : d < policy.weeklyUntilDay ? 7 : policy.maintenanceEveryDays;
  }
  return out;
}

/** The dose in force on `day` of a run. */
export function doseOnDay(run: TitrationRun, day: number): number {
  let dose = run.visits[0]?.doseMcgPerDay ?? 0;
  for (const v of run.visits) if (v.day <= day) dose = v.doseMcgPerDay;
  return dose;
}

/** Runs the policy from `startMcgPerDay` for `days` (infusion starts at day 0; first visit at day 1). */
export function titrateToGoal(
  patient: PatientParams,
  startMcgPerDay: number,
  days: number,
  seed: number,
  policy: TitrationPolicy = defaultTitrationPolicy(patient),
  onVisit?: (visit: TitrationVisit, body: Body) => void,
): TitrationRun {
  const rng = createRng(seed).fork('titration-rater');
  const at = (day: number): EpochMs => epochMs(Math.round(day * MS_PER_DAY));
  let body = createBody(patient, at(0));
  let dose = startMcgPerDay;
  const visits: TitrationVisit[] = [
    { day: 0, doseMcgPerDay: dose, meanMas: Number.NaN, overdoseStage: 'none', action: 'start' },
  ];
  let last = 0;
  let previousMas = Number.NaN;
  // The judged tone when the last increase was decided, and whether escalation has stopped for want of response.
  let masAtIncrease = Number.NaN;
  let refractory = false;
  for (const day of visitDays(policy, days)) {
    body = advance(body, { segments: [{ start: at(last), end: at(day), ngPerDay: dose * 1000 }] }, at(day));
    last = day;
    const tone = rateTone(body, rng, policy.muscleGroups);
    const o = observe(body);
    const step = day <= policy.titrationDays ? policy.titrationStep : policy.maintenanceStep;
    let action: TitrationAction = 'hold';
    // In maintenance one noisy rating is not enough to raise the dose: the last two visits are averaged.
    const judged = day <= policy.titrationDays ? tone.meanMas : (tone.meanMas + previousMas) / 2;
    previousMas = tone.meanMas;
    if (o.overdoseStage !== 'none' || judged < policy.goalMeanMas - policy.hypotoniaMargin) {
      dose *= 1 - policy.sideEffectStep;
      action = 'decrease';
    } else if (judged > policy.goalMeanMas && dose < policy.maxMcgPerDay) {
      refractory ||= dose >= policy.usualMaxMcgPerDay && !(judged <= masAtIncrease - policy.responseMas);
      if (refractory) action = 'refractory';
      else {
        dose = Math.min(policy.maxMcgPerDay, dose * (1 + step));
        action = 'increase';
        masAtIncrease = judged;
      }
    }
    const visit = { day, doseMcgPerDay: dose, meanMas: tone.meanMas, overdoseStage: o.overdoseStage, action };
    visits.push(visit);
    onVisit?.(visit, body);
  }
  body = advance(body, { segments: [{ start: at(last), end: at(days), ngPerDay: dose * 1000 }] }, at(days));
  return { visits, body };
}
