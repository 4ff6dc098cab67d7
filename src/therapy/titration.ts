/**
 * Titration guardrail (DOMAIN.md §1.4): is a proposed change of the daily dose within the label's steps?
 * An ordered list of checks in one pure function (Trio's bolus validator): input, timing, step size, then
 * the drug library's usual (soft) and absolute (hard) ranges. Every check adds a reason; the verdict is the
 * worst of them, and it never falls as the change grows (property-tested, for increases and reductions).
 *
 * A stop (proposed 0) is a change of mode, not a dose: it is not checked against the dose ranges, only
 * warned about (boxed warning: abrupt withdrawal can kill). A running dose below the hard minimum still
 * blocks — use the stopped mode deliberately instead.
 */
import { ItbError } from './codes.ts';
import { detectDoseSlip, doseRangeReasons } from './dose-check.ts';
import { getDrug, populationOf } from './drug-library.ts';
import type { DrugEntry, Population } from './drug.ts';
import { reason, type GuardrailCode } from './guardrail-codes.ts';
import { mulDiv, type NanogramsPerDay } from './quantities.ts';
import { sourced, type Sourced } from './sourced.ts';
import { formatDose, formatNumber } from './units.ts';
import { verdictOf, type GuardrailResult, type Reason, type Verdict } from './verdict.ts';

const LABEL = 'Lioresal Intrathecal / Gablofen US labels';

export type Origin = 'spinal' | 'cerebral';
export type TitrationPhase = 'titration' | 'maintenance';
/** Step rows: cerebral origin and children < 12 y share the smaller steps [C: label]. */
export type StepGroup = 'spinal' | 'cerebral-or-child';

/** A labelled step, in percent of the current dose. */
export interface StepRange {
  readonly min: number;
  readonly max: number;
}

/** The titration rules as data, one place; pass an edited copy to override [U]/[A] values. */
export interface TitrationRules {
  readonly increase: Readonly<Record<TitrationPhase, Readonly<Record<StepGroup, Sourced<StepRange>>>>>;
  /** Usual reduction for side effects. */
  readonly reduction: Sourced<StepRange>;
  /** A reduction above this percent (or a stop) is abrupt: high withdrawal risk. */
  readonly abruptReductionAbove: Sourced<number>;
  /** An increase above this multiple of the labelled maximum step is refused. */
  readonly hardStepFactor: Sourced<number>;
  /** Increases at most once per this many hours. */
  readonly minHoursBetweenIncreases: Sourced<number>;
}

export const TITRATION_RULES: TitrationRules = {
  increase: {
    titration: {
      spinal: sourced({ min: 10, max: 30 }, 'C', `${LABEL}; CMSC 2015: spinal origin +10–30 %`),
      'cerebral-or-child': sourced(
        { min: 5, max: 15 },
        'C',
        `${LABEL}; CMSC 2015: cerebral origin and children +5–15 %`,
      ),
    },
    maintenance: {
      spinal: sourced({ min: 10, max: 40 }, 'U', `${LABEL}: maintenance, spinal origin 10–40 %`),
      'cerebral-or-child': sourced(
        { min: 5, max: 20 },
        'U',
        `${LABEL}: maintenance, cerebral origin 5–20 %; children < 12 y use this row (our choice [A])`,
      ),
    },
  },
  reduction: sourced({ min: 10, max: 20 }, 'U', `${LABEL}: reduce 10–20 % for side effects`),
  abruptReductionAbove: sourced(
    50,
    'A',
    'our threshold: losing more than half the dose at once is treated as abrupt',
  ),
  hardStepFactor: sourced(2, 'A', 'our choice: an increase above 2× the labelled maximum step is refused'),
  minHoursBetweenIncreases: sourced(24, 'C', `${LABEL}: increase at most once every 24 hours`),
};

export interface TitrationInput {
  readonly current: NanogramsPerDay;
  readonly proposed: NanogramsPerDay;
  readonly origin: Origin;
  readonly ageYears?: number;
  /** Hours since the last dose change (or since the start dose); unknown warns before an increase. */
  readonly hoursSinceLastChange?: number;
  readonly phase: TitrationPhase;
  /** Defaults to baclofen: the step rules are the baclofen label's. */
  readonly drug?: DrugEntry;
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

/** One band of a step table: a change above `fromPercent` (or at it, if `inclusive`) gets this reason. */
interface Band {
  readonly fromPercent: number;
  readonly inclusive?: boolean;
  readonly code: GuardrailCode;
  readonly severity: Verdict;
  readonly text: string;
}
const band = (
  fromPercent: number,
  code: GuardrailCode,
  severity: Verdict,
  text: string,
  inclusive = false,
): Band => ({ fromPercent, code, severity, text, inclusive });

/**
 * The first band (highest threshold first) that the change `size / current` reaches, compared exactly in
 * integers (basis points), as a reason with the signed change in % as its value; `fallback` for none.
 */
function classify(
  size: number,
  current: number,
  sign: 1 | -1,
  bands: readonly Band[],
  fallback: Band,
): Reason {
  const reaches = (b: Band) => {
    const l = BigInt(size) * 10_000n;
    const r = BigInt(Math.round(b.fromPercent * 100)) * BigInt(current);
    return b.inclusive === true ? l >= r : l > r;
  };
  const hit = bands.find(reaches) ?? fallback;
  const percent = (size * 100) / current;
  const text = `${sign > 0 ? '+' : '−'}${formatNumber(percent, 2)} % ${hit.text}`;
  return reason(hit.code, hit.severity, text, hit.fromPercent, sign * Number(formatNumber(percent, 2)));
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
  const { origin, phase } = input as { origin: unknown; phase: unknown };
  if (!ORIGINS.has(origin) || !PHASES.has(phase)) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      'origin must be spinal|cerebral and phase titration|maintenance',
    );
  }
}

function increaseReasons(input: TitrationInput, rules: TitrationRules, group: StepGroup): Reason[] {
  const reasons: Reason[] = [];
  const wait = rules.minHoursBetweenIncreases;
  const h = input.hoursSinceLastChange;
  if (h === undefined) {
    const text = `time since the last change is unknown: confirm at least ${wait.value} h before an increase`;
    reasons.push(reason('ITB_R_TITRATION_TIMING_UNKNOWN', 'warn', `${text} [${wait.source}]`, wait.value));
  } else if (h < wait.value) {
    const text = `an increase ${formatNumber(h, 2)} h after the last change: at most one per ${wait.value} h`;
    reasons.push(reason('ITB_R_TITRATION_TOO_SOON', 'block', `${text} [${wait.source}]`, wait.value, h));
  }
  const step = rules.increase[input.phase][group];
  const { min, max } = step.value;
  const factor = rules.hardStepFactor;
  const who = group === 'spinal' ? 'spinal origin' : 'cerebral origin / children';
  const where = `the ${input.phase} step for ${who} (${min}–${max} %) [${step.source}]`;
  const bands = [
    band(
      max * factor.value,
      'ITB_R_TITRATION_FAR_ABOVE_STEP',
      'block',
      `is more than ${factor.value}× the maximum of ${where}; refused [${factor.source}]`,
    ),
    band(max, 'ITB_R_TITRATION_ABOVE_STEP', 'warn', `is above ${where}; needs a justified override`),
    band(min, 'ITB_R_TITRATION_WITHIN_STEP', 'ok', `is within ${where}`, true),
  ];
  const below = band(0, 'ITB_R_TITRATION_BELOW_STEP', 'ok', `is smaller than ${where} (allowed)`);
  reasons.push(classify(input.proposed - input.current, input.current, 1, bands, below));
  return reasons;
}

function reductionReasons(input: TitrationInput, rules: TitrationRules): Reason[] {
  const { current, proposed } = input;
  const { min, max } = rules.reduction.value;
  const usual = `the usual ${min}–${max} % for side effects [${rules.reduction.source}]`;
  const abrupt = band(
    rules.abruptReductionAbove.value,
    'ITB_R_TITRATION_REDUCTION_ABRUPT',
    'warn',
    `risks severe withdrawal — fever, altered mental status, rebound spasticity, rigidity, rhabdomyolysis, ` +
      `death — within 24–72 h; reduce in ${min}–${max} % steps unless an emergency requires it and monitor ` +
      `closely [${LABEL}, boxed warning; ${rules.abruptReductionAbove.source}]`,
  );
  if (proposed === 0) {
    return [reason(abrupt.code, 'warn', `stopping the drug ${abrupt.text}`, abrupt.fromPercent, -100)];
  }
  const warnSigns = 'watch for return of spasticity, itching, tingling, tachycardia, low blood pressure';
  const bands = [
    abrupt,
    band(
      max,
      'ITB_R_TITRATION_REDUCTION_LARGE',
      'warn',
      `is larger than ${usual}: withdrawal risk; ${warnSigns}`,
    ),
    band(min, 'ITB_R_TITRATION_WITHIN_STEP', 'ok', `is within ${usual}`, true),
  ];
  const below = band(0, 'ITB_R_TITRATION_BELOW_STEP', 'ok', `is smaller than ${usual} (allowed)`);
  return [classify(current - proposed, current, -1, bands, below)];
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
    (r.code === 'ITB_R_DOSE_BELOW_USUAL_RANGE' && up) || (r.code === 'ITB_R_DOSE_ABOVE_USUAL_RANGE' && !up)
      ? { ...r, severity: 'ok' as const, message: `${r.message}; this change moves toward it` }
      : r,
  );
}

/**
 * Checks a proposed daily-dose change against the label's titration rules and the drug library's ranges.
 * Throws ITB_E_INVALID_INPUT / ITB_E_NON_POSITIVE on bad input; otherwise returns a verdict with reasons.
 */
export function checkTitration(input: TitrationInput): TitrationResult {
  validate(input);
  const rules = input.rules ?? TITRATION_RULES;
  const drug = input.drug ?? getDrug('baclofen');
  const population = populationOf(input.origin, input.ageYears);
  const group: StepGroup = population === 'adult-spinal' ? 'spinal' : 'cerebral-or-child';
  const { current, proposed } = input;
  const reasons: Reason[] = [];

  if (current > 0 && doseRangeReasons(drug, current, population).some((r) => r.severity === 'block')) {
    reasons.push(
      reason(
        'ITB_R_CURRENT_OUTSIDE_HARD_LIMIT',
        'warn',
        `the recorded current dose ${formatDose(current)} is outside the ${drug.id} absolute range: verify the record`,
      ),
    );
  }

  let direction: TitrationDirection;
  if (proposed === current) {
    direction = 'none';
    reasons.push(reason('ITB_R_TITRATION_NO_CHANGE', 'ok', `no change: ${formatDose(current)}`));
  } else if (current === 0) {
    direction = 'restart';
    reasons.push(
      reason(
        'ITB_R_TITRATION_RESTART',
        'warn',
        `restarting at ${formatDose(proposed)} after a stop: do not resume the prior dose — overdose has followed ` +
          `restarting a prior rate after a drug holiday; re-establish the dose as after screening [${LABEL}]`,
      ),
    );
  } else if (proposed > current) {
    direction = 'increase';
    reasons.push(...increaseReasons(input, rules, group));
  } else {
    direction = proposed === 0 ? 'stop' : 'decrease';
    reasons.push(...reductionReasons(input, rules));
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
