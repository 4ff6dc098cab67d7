/**
 * Titration guardrail (docs/clinical-reference.md §1.4): is a proposed change of the daily dose within the
 * drug's own label? An ordered list of checks in one pure function (Trio's bolus validator): input, age,
 * start, timing, step size, an opioid's escalation and the review of systemic CNS depressants, then the drug
 * library's usual (soft) and absolute (hard) ranges. Every check adds
 * a reason; the verdict is the worst of them, and it never falls as the change grows (property-tested, for
 * increases and reductions). The rules are the drug's (drug-rules.ts): baclofen's percentages never judge
 * ziconotide.
 *
 * A stop (proposed 0) is a change of mode, not a dose: it is not checked against the dose ranges, only
 * warned about (boxed warning: abrupt withdrawal can kill). A running dose below the hard minimum still
 * blocks — use the stopped mode deliberately instead.
 */
import { ItbError } from './codes.ts';
import { detectDoseSlip, doseRangeReasons, towardRange } from './dose-check.ts';
import type {
  DrugEntry,
  OpioidStatus,
  Population,
  StepGroup,
  TitrationPhase,
  TitrationRules,
} from './drug.ts';
import { ageFloorReasons, cnsDepressantReasons, restartReason, startReasons } from './drug-indication.ts';
import { getDrug, populationOf } from './drug-library.ts';
import { reason } from './guardrail-codes.ts';
import { mulDiv, type NanogramsPerDay } from './quantities.ts';
import {
  escalationReasons,
  increaseSizeReason,
  reductionReasons,
  timingReasons,
  type StepContext,
} from './titration-steps.ts';
import { formatDose } from './units.ts';
import { verdictOf, type GuardrailResult, type Reason } from './verdict.ts';

export type { StepGroup, StepRange, TitrationPhase, TitrationRules } from './drug.ts';

export type Origin = 'spinal' | 'cerebral';

export interface TitrationInput {
  readonly current: NanogramsPerDay;
  readonly proposed: NanogramsPerDay;
  readonly origin: Origin;
  readonly ageYears?: number;
  /** Hours since the last dose change (or since the start dose); unknown warns before an increase. */
  readonly hoursSinceLastChange?: number;
  /** Increases made in the 7 days before this one; unknown warns for a drug whose label counts them. */
  readonly increasesInPastWeek?: number;
  /** Opioid-naive or tolerant (opioids only: their start ranges differ). */
  readonly opioidStatus?: OpioidStatus;
  /** The last refill's residual was higher than calculated and is unexplained: an increase warns. */
  readonly underDeliverySuspected?: boolean;
  /** The lowest daily dose in force over the drug's escalation window (opioids: granuloma warning sign). */
  readonly lowestRecentDose?: NanogramsPerDay;
  /** The prescriber confirmed the systemic CNS depressants were reviewed (opioids, ziconotide). */
  readonly cnsDepressantsReviewed?: boolean;
  readonly phase: TitrationPhase;
  /** Defaults to baclofen. */
  readonly drug?: DrugEntry;
  /** Overrides the drug's own rules (a clinic's edited copy of `drug.titration`). */
  readonly rules?: TitrationRules;
}

export type TitrationDirection = 'none' | 'increase' | 'decrease' | 'stop' | 'restart';

/** What `itb calc titrate --json` prints. */
export interface TitrationView {
  /** (proposed − current) / current × 100, to 0.01 %; null when restarting from 0. */
  readonly changePercent: number | null;
  readonly verdict: GuardrailResult['verdict'];
  readonly reasons: readonly Reason[];
}

export interface TitrationResult extends GuardrailResult {
  readonly direction: TitrationDirection;
  /** The change in basis points of the current dose (1 % = 100); null when restarting from 0. */
  readonly changeBasisPoints: number | null;
  readonly population: Population;
  readonly view: TitrationView;
}

const ORIGINS = new Set<unknown>(['spinal', 'cerebral']);
const PHASES = new Set<unknown>(['titration', 'maintenance']);

function validate(input: TitrationInput): void {
  for (const [v, what] of [
    [input.current, 'current dose'],
    [input.proposed, 'proposed dose'],
  ] as const) {
    if (!Number.isSafeInteger(v))
      throw new ItbError('ITB_E_INVALID_INPUT', `the ${what} must be whole ng/day`);
    if (v < 0) throw new ItbError('ITB_E_NON_POSITIVE', `the ${what} cannot be negative`);
  }
  const h = input.hoursSinceLastChange;
  if (h !== undefined && !(Number.isFinite(h) && h >= 0)) {
    throw new ItbError('ITB_E_INVALID_INPUT', `hours since the last change must be ≥ 0, got ${h}`);
  }
  const low = input.lowestRecentDose;
  if (low !== undefined && !(Number.isSafeInteger(low) && low >= 0)) {
    throw new ItbError('ITB_E_INVALID_INPUT', 'the lowest recent dose must be whole ng/day ≥ 0');
  }
  const n = input.increasesInPastWeek;
  if (n !== undefined && !(Number.isSafeInteger(n) && n >= 0)) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `increases in the last 7 days must be a whole number ≥ 0, got ${n}`,
    );
  }
  const status = input.opioidStatus as unknown;
  if (status !== undefined && status !== 'naive' && status !== 'tolerant') {
    throw new ItbError('ITB_E_INVALID_INPUT', 'opioid status must be naive or tolerant');
  }
  const { origin, phase } = input as { origin: unknown; phase: unknown };
  if (!ORIGINS.has(origin) || !PHASES.has(phase)) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      'origin must be spinal|cerebral and phase titration|maintenance',
    );
  }
}

/**
 * Proposed-dose range reasons. The usual range judges the direction of the change: a dose still outside it
 * on the side the change moves away from (e.g. an increase that leaves the dose below the usual range) is
 * noted as ok, not warned — the change improves it. The hard range always blocks.
 */
function rangeReasons(
  drug: DrugEntry,
  proposed: number,
  population: Population,
  direction: TitrationDirection,
): Reason[] {
  const slip = detectDoseSlip(drug, proposed);
  if (slip) return [slip];
  const up = direction === 'increase' || direction === 'restart';
  return doseRangeReasons(drug, proposed, population, 'proposed dose').map((r) =>
    towardRange(r, up ? 'up' : 'down'),
  );
}

/**
 * Checks a proposed daily-dose change against the label's titration rules and the drug library's ranges.
 * Throws ITB_E_INVALID_INPUT / ITB_E_NON_POSITIVE on bad input; otherwise returns a verdict with reasons.
 */
export function checkTitration(input: TitrationInput): TitrationResult {
  validate(input);
  const drug = input.drug ?? getDrug('baclofen');
  const rules = input.rules ?? drug.titration;
  const population = populationOf(input.origin, input.ageYears);
  const group: StepGroup = population === 'adult-spinal' ? 'spinal' : 'cerebral-or-child';
  const { current, proposed } = input;
  const ctx: StepContext = {
    current,
    proposed,
    phase: input.phase,
    group,
    ...(input.hoursSinceLastChange === undefined ? {} : { hoursSinceLastChange: input.hoursSinceLastChange }),
    ...(input.increasesInPastWeek === undefined ? {} : { increasesInPastWeek: input.increasesInPastWeek }),
    ...(input.underDeliverySuspected === undefined
      ? {}
      : { underDeliverySuspected: input.underDeliverySuspected }),
    ...(input.lowestRecentDose === undefined ? {} : { lowestRecentDose: input.lowestRecentDose }),
  };
  const reasons: Reason[] = [...ageFloorReasons(drug, input.ageYears)];

  if (current > 0 && doseRangeReasons(drug, current, population).some((r) => r.severity === 'block')) {
    reasons.push(
      reason(
        'ITB_R_CURRENT_OUTSIDE_HARD_LIMIT',
        'warn',
        `the recorded current dose ${formatDose(current, drug.labelUnit)} is outside the ${drug.id} absolute range: verify the record`,
      ),
    );
  }

  let direction: TitrationDirection;
  if (proposed === current) {
    direction = 'none';
    reasons.push(
      reason('ITB_R_TITRATION_NO_CHANGE', 'ok', `no change: ${formatDose(current, drug.labelUnit)}`),
    );
  } else if (current === 0) {
    direction = 'restart';
    reasons.push(
      restartReason(drug, proposed),
      ...startReasons(drug, proposed, input.opioidStatus),
      ...cnsDepressantReasons(drug, input.cnsDepressantsReviewed),
    );
  } else if (proposed > current) {
    direction = 'increase';
    reasons.push(
      ...timingReasons(rules, ctx),
      increaseSizeReason(rules, ctx, drug.id),
      ...escalationReasons(rules, ctx, drug.id),
      ...cnsDepressantReasons(drug, input.cnsDepressantsReviewed),
    );
  } else {
    direction = proposed === 0 ? 'stop' : 'decrease';
    reasons.push(...reductionReasons(drug, rules, ctx));
  }
  if (proposed > 0 && direction !== 'none') {
    reasons.push(...rangeReasons(drug, proposed, population, direction));
  }

  const result = verdictOf(reasons);
  const changeBasisPoints = current === 0 ? null : mulDiv(proposed - current, 10_000, current);
  return {
    ...result,
    direction,
    changeBasisPoints,
    population,
    view: {
      changePercent: changeBasisPoints === null ? null : changeBasisPoints / 100,
      verdict: result.verdict,
      reasons: result.reasons,
    },
  };
}
