/**
 * The step rules of titration (docs/clinical-reference.md §1.4) applied to one change: the interval since
 * the last change, the weekly count, the size of an increase (a percentage band or the label's fixed
 * increment) and the size of a reduction. Every rule's numbers come from the drug's TitrationRules
 * (drug-rules.ts); this file only compares.
 */
import type { DrugEntry, DrugId, StepGroup, TitrationPhase, TitrationRules } from './drug.ts';
import { reason, type GuardrailCode } from './guardrail-codes.ts';
import { NG_PER_MCG } from './quantities.ts';
import { doseText } from './drug-display.ts';
import { tooLittleWatchText } from './drug-emergency.ts';
import { formatNumber } from './units.ts';
import type { Reason, Verdict } from './verdict.ts';

/** What the step rules need to know about a change. */
export interface StepContext {
  readonly current: number;
  readonly proposed: number;
  readonly phase: TitrationPhase;
  readonly group: StepGroup;
  readonly hoursSinceLastChange?: number;
  /** Increases already made in the 7 days before this one. */
  readonly increasesInPastWeek?: number;
  /** The last refill found more residual than calculated, not yet explained (suspected under-delivery). */
  readonly underDeliverySuspected?: boolean;
  /** The lowest daily dose in force over the drug's escalation window (rules.escalationWatch). */
  readonly lowestRecentDose?: number;
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

/** Interval and weekly-count reasons before an increase (or a restart). */
export function timingReasons(rules: TitrationRules, c: StepContext): Reason[] {
  const reasons: Reason[] = [];
  const wait = rules.minHoursBetweenIncreases;
  const h = c.hoursSinceLastChange;
  if (h === undefined) {
    const text = `time since the last change is unknown: confirm at least ${wait.value} h before an increase`;
    reasons.push(reason('ITB_R_TITRATION_TIMING_UNKNOWN', 'warn', `${text} [${wait.source}]`, wait.value));
  } else if (h < wait.value) {
    const text = `an increase ${formatNumber(h, 2)} h after the last change: at most one per ${wait.value} h`;
    reasons.push(reason('ITB_R_TITRATION_TOO_SOON', 'block', `${text} [${wait.source}]`, wait.value, h));
  } else if (rules.recommendedHoursBetweenIncreases !== undefined) {
    const rec = rules.recommendedHoursBetweenIncreases;
    if (h < rec.value) {
      const text =
        `an increase ${formatNumber(h, 2)} h after the last change: allowed from ${wait.value} h, ` +
        `${rec.value} h or more recommended for safety`;
      reasons.push(
        reason('ITB_R_TITRATION_SOONER_THAN_RECOMMENDED', 'warn', `${text} [${rec.source}]`, rec.value, h),
      );
    }
  }
  if (c.underDeliverySuspected === true) {
    reasons.push(
      reason(
        'ITB_R_TITRATION_DELIVERY_IN_DOUBT',
        'warn',
        'the last refill found more residual than calculated: the catheter may be occluded — a dose raised into ' +
          'an occluded catheter overdoses when it reopens; investigate the catheter before increasing ' +
          '[docs/clinical-reference.md §3: a higher residual means under-delivery]',
      ),
    );
  }
  const perWeek = rules.maxIncreasesPerWeek;
  if (perWeek === undefined) return reasons;
  const n = c.increasesInPastWeek;
  if (n === undefined) {
    reasons.push(
      reason(
        'ITB_R_TITRATION_WEEKLY_COUNT_UNKNOWN',
        'warn',
        `the increases of the last 7 days are not known: confirm fewer than ${perWeek.value} [${perWeek.source}]`,
        perWeek.value,
      ),
    );
  } else if (n >= perWeek.value) {
    reasons.push(
      reason(
        'ITB_R_TITRATION_WEEKLY_COUNT_REACHED',
        'block',
        `${n} increases in the last 7 days already: at most ${perWeek.value} a week [${perWeek.source}]`,
        perWeek.value,
        n + 1,
      ),
    );
  }
  return reasons;
}

/**
 * An increase that takes the dose beyond the drug's escalation watch (more than `factor` × the lowest dose
 * of the window) warns and needs a justification: for an opioid a requirement that keeps escalating is a
 * warning sign of a catheter-tip granuloma (docs/hazards.md H41). No baseline known, nothing to compare.
 */
export function escalationReasons(rules: TitrationRules, c: StepContext, drug?: DrugId): Reason[] {
  const watch = rules.escalationWatch;
  const low = c.lowestRecentDose;
  if (watch === undefined || low === undefined || low <= 0) return [];
  const { windowDays, factor } = watch.value;
  if (c.proposed <= factor * low) return [];
  const times = c.proposed / low;
  const text =
    `${doseText(c.proposed, drug)} is ${formatNumber(times, 2)}× the lowest dose of the last ${windowDays} days ` +
    `(${doseText(low, drug)}): a requirement that keeps escalating may be a catheter-tip granuloma — examine for ` +
    `new neurological signs and image the tip before escalating further [${watch.source}]`;
  return [reason('ITB_R_TITRATION_ESCALATING', 'warn', text, factor, Number(formatNumber(times, 2)))];
}

/** The size of an increase against the drug's increase rule. */
export function increaseSizeReason(rules: TitrationRules, c: StepContext, drug?: DrugId): Reason {
  const inc = rules.increase;
  const size = c.proposed - c.current;
  if (inc.kind === 'absolute') {
    const max = inc.max.value;
    const text = `+${doseText(size, drug)} ${size > max ? 'is more than' : 'is within'} the label's increment of up to ${doseText(max, drug)} [${inc.max.source}]`;
    return size > max
      ? reason(
          'ITB_R_TITRATION_ABOVE_LABEL_INCREMENT',
          'block',
          `${text}; refused`,
          max / NG_PER_MCG,
          size / NG_PER_MCG,
        )
      : reason('ITB_R_TITRATION_WITHIN_STEP', 'ok', text, max / NG_PER_MCG, size / NG_PER_MCG);
  }
  const step = inc.steps[c.phase][c.group];
  const { min, max } = step.value;
  const factor = inc.hardStepFactor;
  // The origin is named only where the drug's step depends on it (baclofen's label): a pain drug's step is
  // one for everyone, and "spinal origin" would describe a spasticity the patient does not have.
  const other = inc.steps[c.phase][c.group === 'spinal' ? 'cerebral-or-child' : 'spinal'].value;
  const who =
    other.min === min && other.max === max
      ? ''
      : ` for ${c.group === 'spinal' ? 'spinal origin' : 'cerebral origin / children'}`;
  const where = `the ${c.phase} step${who} (${min}–${max} %) [${step.source}]`;
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
  return classify(size, c.current, 1, bands, below);
}

/** A reduction or a stop against the drug's reduction rule (none: no withdrawal, any reduction is ok). */
export function reductionReasons(drug: DrugEntry, rules: TitrationRules, c: StepContext): Reason[] {
  const { current, proposed } = c;
  const rule = rules.reduction;
  if (rule === undefined) {
    const what = proposed === 0 ? 'stopping' : `reducing to ${doseText(proposed, drug.id)}`;
    return [
      reason(
        'ITB_R_TITRATION_REDUCTION_NO_WITHDRAWAL',
        'ok',
        `${what} ${drug.id} is allowed at any step: it has no withdrawal syndrome in the library`,
      ),
    ];
  }
  const { min, max } = rule.usual.value;
  const usual = `the usual ${min}–${max} % for side effects [${rule.usual.source}]`;
  const abrupt = band(
    rule.abruptAbove.value,
    'ITB_R_TITRATION_REDUCTION_ABRUPT',
    'warn',
    `risks ${rule.abruptHarm.value}; reduce in ${min}–${max} % steps unless an emergency requires it and ` +
      `monitor closely [${rule.abruptHarm.source}; ${rule.abruptAbove.source}]`,
  );
  if (proposed === 0) {
    return [reason(abrupt.code, 'warn', `stopping the drug ${abrupt.text}`, abrupt.fromPercent, -100)];
  }
  const bands = [
    abrupt,
    band(
      max,
      'ITB_R_TITRATION_REDUCTION_LARGE',
      'warn',
      `is larger than ${usual}: ${tooLittleWatchText(drug.id)}`,
    ),
    band(min, 'ITB_R_TITRATION_WITHIN_STEP', 'ok', `is within ${usual}`, true),
  ];
  const below = band(0, 'ITB_R_TITRATION_BELOW_STEP', 'ok', `is smaller than ${usual} (allowed)`);
  return [classify(current - proposed, current, -1, bands, below)];
}

/**
 * The reduction for side effects (overdose signs) as one step, in percent: the middle of the drug's usual
 * reduction range (baclofen: the label's 10–20 % → 15 %), with the rule's source; null for a drug without a
 * reduction rule. The one place this figure comes from: the virtual clinic's label policy
 * (src/body/titration.ts) and the advice (src/advise/advice.ts) both read it.
 */
export function sideEffectReductionPercent(
  rules: TitrationRules,
): { readonly percent: number; readonly source: string } | null {
  const rule = rules.reduction;
  if (rule === undefined) return null;
  const { min, max } = rule.usual.value;
  return { percent: (min + max) / 2, source: rule.usual.source };
}
