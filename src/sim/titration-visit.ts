/**
 * What the simulated clinic decides at a titration visit, by the label's rules (docs/clinical-reference.md
 * §1.4: at most one increase per 24 h by the origin's step; reduce 10–20 % for side effects [C: Lioresal
 * Intrathecal PI section 2]). The guardrails (src/therapy/titration.ts) still judge every change the clinic
 * then programs (programming.ts `program`); this file decides what the clinic asks for.
 *
 * Before, the clinic raised the dose whenever one noisy rating was above the goal, straight back to the dose
 * it had just reduced for drowsiness, so a patient with a narrow window cycled drowsy → reduce → increase →
 * drowsy every other day (96.5 drowsy onsets per 100 patient-years with every control on). A clinic following
 * the label reduces for side effects and keeps the patient on the highest tolerated dose:
 *
 * - overdose signs → reduce by the side-effect step, and remember the dose that caused them;
 * - tone above the goal → increase by the phase's step, but never to or past a dose that caused side effects
 *   in the last {@link SIDE_EFFECT_MEMORY_DAYS} days (hold instead);
 * - after the titration days, an increase needs tone above the goal at two visits running (one noisy rating
 *   is not enough — the rule src/body/titration.ts `titrateToGoal` also follows);
 * - tone a whole grade below the goal (weakness, the label's "excessive" effect) → reduce by the same step.
 */
import type { OverdoseStage, WithdrawalStage } from '../body/scales.ts';
import type { TitrationPolicy } from '../body/titration.ts';
import { MS_PER_DAY } from '../therapy/quantities.ts';
import { sourced } from '../therapy/sourced.ts';

/**
 * How long the clinic keeps a dose that caused side effects as its ceiling [A]. Tolerance raises the need over
 * months (docs/clinical-reference.md §1.5), so after a quarter the clinic may try that dose again.
 */
export const SIDE_EFFECT_MEMORY_DAYS = sourced(
  90,
  'A',
  'our assumption: a dose that caused side effects is not tried again for a quarter',
);

/** What the clinic remembers between visits. */
export interface TitrationMemory {
  /** The mean MAS rated at the previous visit (null before the first). */
  previousMas: number | null;
  /** The lowest dose (µg/day) that caused overdose signs, and when (ms). */
  sideEffect: { readonly doseMcg: number; readonly at: number } | null;
}

/** A clinic that has seen the patient at no visit yet. */
export const newTitrationMemory = (): TitrationMemory => ({ previousMas: null, sideEffect: null });

/** What the clinic sees at the visit. */
export interface VisitFindings {
  readonly at: number;
  readonly doseMcg: number;
  readonly meanMas: number;
  readonly overdoseStage: OverdoseStage;
  readonly withdrawalStage: WithdrawalStage;
}

export type VisitDecision =
  | { readonly kind: 'hold'; readonly why: string }
  | { readonly kind: 'change'; readonly doseMcg: number; readonly why: string };

/** The decision at a visit (updates `memory`). */
export function decideVisit(
  policy: TitrationPolicy,
  inTitration: boolean,
  f: VisitFindings,
  memory: TitrationMemory,
): VisitDecision {
  const mas = f.meanMas.toFixed(2);
  const previous = memory.previousMas;
  memory.previousMas = f.meanMas;
  if (memory.sideEffect !== null && f.at - memory.sideEffect.at > SIDE_EFFECT_MEMORY_DAYS.value * MS_PER_DAY)
    memory.sideEffect = null;
  const reduced = Math.max(1, Math.round(f.doseMcg * (1 - policy.sideEffectStep)));
  if (f.overdoseStage !== 'none') {
    const worst = memory.sideEffect;
    if (worst === null || f.doseMcg <= worst.doseMcg) memory.sideEffect = { doseMcg: f.doseMcg, at: f.at };
    return { kind: 'change', doseMcg: reduced, why: `visit: ${f.overdoseStage}, reduce` };
  }
  if (f.meanMas < policy.goalMeanMas - policy.hypotoniaMargin)
    return {
      kind: 'change',
      doseMcg: reduced,
      why: `visit: mean MAS ${mas} well below goal (weakness), reduce`,
    };
  const above = f.meanMas > policy.goalMeanMas;
  const confirmed = inTitration || (previous !== null && previous > policy.goalMeanMas);
  if (f.withdrawalStage !== 'none' || !above || f.doseMcg >= policy.maxMcgPerDay)
    return { kind: 'hold', why: `visit: mean MAS ${mas}, hold` };
  if (!confirmed)
    return { kind: 'hold', why: `visit: mean MAS ${mas} above goal once, hold until the next visit` };
  const step = inTitration ? policy.titrationStep : policy.maintenanceStep;
  const wanted = Math.min(policy.maxMcgPerDay, Math.round(f.doseMcg * (1 + step)));
  const ceiling = memory.sideEffect?.doseMcg;
  if (ceiling !== undefined && wanted >= ceiling)
    return {
      kind: 'hold',
      why: `visit: mean MAS ${mas} above goal, hold below ${ceiling} µg/day, which caused side effects`,
    };
  return { kind: 'change', doseMcg: wanted, why: `visit: mean MAS ${mas} above goal, increase` };
}
