/**
 * The patient's stage on the care pathway, derived from the records alone (docs/architecture.md principle
 * 9: one projection of the recorded facts), and the pathway's checklist rules. Pure: the time comes in.
 *
 * referred → evaluated → trial → implanted → post-op → maintenance → replacement-due, or explanted
 * (docs/clinical-reference.md §1; docs/workflows.md "Care pathway").
 */
import { ItbError } from '../../therapy/codes.ts';
import type { EpochMs } from '../../therapy/quantities.ts';
import type { Contraindications, TeamDecision } from './evaluation-records.ts';
import { POST_OP_PERIOD } from './postop-checks.ts';
import { implantInUse } from '../implant-in-use.ts';

export const PATHWAY_STAGES = [
  'referred',
  'evaluated',
  'trial',
  'implanted',
  'post-op',
  'maintenance',
  'replacement-due',
  'explanted',
] as const;
export type PathwayStage = (typeof PATHWAY_STAGES)[number];

/** The records the stage is derived from (each list in any order). */
export interface PathwayFacts {
  readonly evaluations: readonly {
    readonly at: number;
    readonly decision: TeamDecision | null;
  }[];
  readonly trials: readonly { readonly at: number; readonly responded: boolean | null }[];
  /** The patient's implants. */
  readonly implants: readonly {
    readonly id: string;
    readonly implantDate: string;
    readonly createdAt: number;
  }[];
  /** The pumps taken out (the pump in place is the one rule's: implant-in-use.ts). */
  readonly explants: readonly { readonly implantId: string }[];
  /** A prescription (the first programme) is recorded. */
  readonly hasPrescription: boolean;
  /** Post-operative checks still due (postop-checks.ts). */
  readonly openPostOpChecks: number;
  /** The active pump's battery as last reported or projected: ERI or EOS reached. */
  readonly replacementDue: boolean;
}

export interface StageView {
  readonly stage: PathwayStage;
  /** One line for the clinician: why this stage. */
  readonly detail: string;
}

/** The decision in force: the latest evaluation's (by clinical time) that carries one, or null. */
export function decisionInForce(evaluations: PathwayFacts['evaluations']): TeamDecision | null {
  const decided = evaluations
    .filter((e) => e.decision !== null)
    .sort((a, b) => a.at - b.at || (a.decision?.decidedAt ?? 0) - (b.decision?.decidedAt ?? 0));
  return decided.at(-1)?.decision ?? null;
}

/** The pathway stage the records put the patient at, at `now`. */
export function pathwayStage(facts: PathwayFacts, now: EpochMs): StageView {
  const latest = implantInUse(facts.implants, facts.explants);
  if (latest === undefined && facts.implants.length > 0) {
    return { stage: 'explanted', detail: 'the pump was removed and not replaced' };
  }
  if (latest !== undefined) {
    if (facts.replacementDue) {
      return { stage: 'replacement-due', detail: 'the battery reached its replacement indicator' };
    }
    if (!facts.hasPrescription) {
      return { stage: 'implanted', detail: 'implanted; the first programme is not recorded yet' };
    }
    const sinceImplant = now - Date.parse(`${latest.implantDate}T00:00:00Z`);
    if (facts.openPostOpChecks > 0 || sinceImplant < POST_OP_PERIOD.value) {
      const open = facts.openPostOpChecks;
      return {
        stage: 'post-op',
        detail: open > 0 ? `${open} post-operative check(s) still due` : 'within six weeks of surgery',
      };
    }
    return { stage: 'maintenance', detail: 'implanted and refilled on schedule' };
  }
  if (facts.trials.length > 0) {
    const responded = facts.trials.some((t) => t.responded === true);
    return {
      stage: 'trial',
      detail: responded ? 'responded to a screening dose: ready for implant' : 'screening under way',
    };
  }
  const decision = decisionInForce(facts.evaluations);
  if (decision === null) {
    return {
      stage: 'referred',
      detail:
        facts.evaluations.length > 0 ? 'evaluation recorded, team decision pending' : 'not evaluated yet',
    };
  }
  const outcome = {
    'proceed-to-trial': 'team decided: proceed to a screening trial',
    'not-a-candidate': 'team decided: not a candidate',
    defer: 'team decided: defer',
  }[decision.outcome];
  return { stage: 'evaluated', detail: outcome };
}

/**
 * The checklist rule: a screening trial is booked or recorded only after the multidisciplinary team
 * decided to proceed (the decision in force). Throws ITB_E_PATHWAY_NO_TEAM_DECISION otherwise.
 */
export function requireTrialDecision(evaluations: PathwayFacts['evaluations']): TeamDecision {
  const decision = decisionInForce(evaluations);
  if (decision === null) {
    throw new ItbError(
      'ITB_E_PATHWAY_NO_TEAM_DECISION',
      'the screening trial cannot be booked yet: the multidisciplinary team has not recorded its decision',
    );
  }
  if (decision.outcome !== 'proceed-to-trial') {
    throw new ItbError(
      'ITB_E_PATHWAY_NO_TEAM_DECISION',
      `the screening trial cannot be booked: the team's decision in force is "${decision.outcome}" ` +
        `(${decision.decidedBy}); record a new evaluation with a decision to proceed first`,
    );
  }
  return decision;
}

/**
 * A decision to proceed is refused while an infection is active [C: label, section 5 "Warnings": no trial
 * or implant during infection]; the other contraindications are cautions the team weighs and records.
 */
export function checkDecision(decision: TeamDecision | null, c: Contraindications): void {
  if (decision?.outcome === 'proceed-to-trial' && c.activeInfection) {
    throw new ItbError(
      'ITB_E_PATHWAY_CONTRAINDICATED',
      'a decision to proceed cannot be recorded while an infection is active: treat it, then re-evaluate',
    );
  }
}
