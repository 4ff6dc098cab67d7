/**
 * The patient's drug as the model-based test reads it: every strength, syringe, step and date limit the
 * commands use and the model expects comes from the drug library (src/therapy/drug-library.ts, pain-drugs.ts,
 * drug-rules.ts), never from a number written here, so each drug is driven and judged by its own label.
 */
import { DRUG_IDS, getDrug, populationOf } from '../../src/clinic/../therapy/drug-library.ts';
import type { DrugEntry, StepGroup, TitrationPhase } from '../../src/therapy/drug.ts';
import { MS_PER_DAY, MS_PER_HOUR, NG_PER_MCG } from '../../src/therapy/quantities.ts';
import type { DemoPatient } from '../../src/demo/cast.ts';

/** The library entry of the drug a pump holds (ids as the pump names them). */
export const drugEntry = (drug: string): DrugEntry => getDrug(drug);

/**
 * The strengths (mcg/mL) a syringe of `drug` may hold: the label's list, or for a drug allowed "up to" a
 * maximum, that maximum and its half (two strengths to choose between).
 */
export function strengthsMcgPerMl(drug: DrugEntry): readonly number[] {
  const rule = drug.concentrations;
  const ng = rule.kind === 'listed' ? rule.allowed.value : [rule.max.value / 2, rule.max.value];
  return ng.map((c) => c / NG_PER_MCG);
}

/** A strength of `drug` other than those in `not` (the pump's and the prescribed one), if the label has one. */
export function otherStrengthMcgPerMl(drug: DrugEntry, not: readonly number[]): number | undefined {
  return strengthsMcgPerMl(drug).find((c) => !not.includes(c));
}

/**
 * A syringe of another drug: the first drug of the library (saline holds none) that is not the patient's,
 * at its strongest strength — another drug and another strength than the pump holds.
 */
export function otherDrugSyringe(drug: DrugEntry): { drug: string; concentrationMcgPerMl: number } {
  const other = getDrug(DRUG_IDS.find((id) => id !== drug.id && id !== 'saline') ?? 'baclofen');
  return { drug: other.id, concentrationMcgPerMl: Math.max(...strengthsMcgPerMl(other)) };
}

/** The label's step group of a patient (cerebral origin and children share the smaller steps). */
export function stepGroup(cast: Pick<DemoPatient, 'etiology' | 'birthDate'>, at: number): StepGroup {
  // Completed years on the day of `at`, worked out here rather than read from the product (an oracle).
  const [y, m, d] = cast.birthDate.split('-').map(Number) as [number, number, number];
  const day = new Date(at);
  const month = day.getUTCMonth() + 1;
  const age = day.getUTCFullYear() - y - (month < m || (month === m && day.getUTCDate() < d) ? 1 : 0);
  return populationOf(cast.etiology === 'spinal' ? 'spinal' : 'cerebral', age) === 'adult-spinal'
    ? 'spinal'
    : 'cerebral-or-child';
}

/**
 * The largest increase (ng/day) from `current` the label does not refuse: a fixed increment (ziconotide), or
 * the phase's maximum percentage step times the factor above which the library refuses it.
 */
export function largestIncreaseNg(
  drug: DrugEntry,
  current: number,
  phase: TitrationPhase,
  group: StepGroup,
): number {
  const inc = drug.titration.increase;
  if (inc.kind === 'absolute') return inc.max.value;
  return (current * inc.steps[phase][group].value.max * inc.hardStepFactor.value) / 100;
}

/** What the model knows of a proposed dose change, to judge it by the label. */
export interface StepFacts {
  readonly current: number;
  readonly proposed: number;
  readonly phase: TitrationPhase;
  readonly group: StepGroup;
  /** Since the dose last changed (the label's "since the last change": a new strength alone is none). */
  readonly msSinceLastChange: number;
  /** Increases recorded in the 7 days before now. */
  readonly increasesInPastWeek: number;
}

/**
 * The label's rules a dose change breaks (empty: the label allows it), each in words: the absolute range, and
 * for an increase its size, its interval and the weekly count.
 */
export function labelForbids(drug: DrugEntry, f: StepFacts): string[] {
  const out: string[] = [];
  const hard = drug.hardDoseRange.value;
  if (f.proposed > hard.max) out.push(`above the absolute maximum ${hard.max} ng/day`);
  if (f.proposed > 0 && f.proposed < hard.min) out.push(`below the absolute minimum ${hard.min} ng/day`);
  if (f.proposed <= f.current || f.current === 0) return out;
  const t = drug.titration;
  const inc = t.increase;
  const size = f.proposed - f.current;
  // The percentage rule compares exactly, in basis points, as the label's band is written.
  const tooLarge =
    inc.kind === 'absolute'
      ? size > inc.max.value
      : BigInt(size) * 10_000n >
        BigInt(Math.round(inc.steps[f.phase][f.group].value.max * inc.hardStepFactor.value * 100)) *
          BigInt(f.current);
  if (tooLarge)
    out.push(
      `an increase of ${size} ng/day is more than ${largestIncreaseNg(drug, f.current, f.phase, f.group)}`,
    );
  if (f.msSinceLastChange < t.minHoursBetweenIncreases.value * MS_PER_HOUR)
    out.push(`${(f.msSinceLastChange / MS_PER_HOUR).toFixed(2)} h after the last change`);
  const perWeek = t.maxIncreasesPerWeek?.value;
  if (perWeek !== undefined && f.increasesInPastWeek >= perWeek)
    out.push(`${f.increasesInPastWeek} increases in the last 7 days`);
  return out;
}

/**
 * The latest refill-by the drug allows after a fill at `filledAt` of `concentration`: its reservoir stability
 * at that strength (ziconotide: 84 days undiluted, 40 diluted), or for the first fill of a new pump its
 * first-fill limit when shorter (ziconotide: 14 days).
 */
export function latestRefillBy(
  drug: DrugEntry,
  filledAt: number,
  firstFill: boolean,
  concentration: number,
): number {
  const first = firstFill ? drug.firstFillRefillDays?.value : undefined;
  const undiluted = drug.undilutedStability?.value;
  const stability =
    undiluted !== undefined && undiluted.strengths.some((c) => c === concentration)
      ? undiluted.days
      : drug.stabilityDays.value;
  return filledAt + Math.min(stability, first ?? Infinity) * MS_PER_DAY;
}

/** The drug's restart threshold: an interruption longer than this is flagged at restart (none: no rule). */
export const restartThresholdMs = (drug: DrugEntry): number | undefined => {
  const h = drug.restartAfterInterruption?.value.interruptedLongerThanHours;
  return h === undefined ? undefined : h * MS_PER_HOUR;
};
