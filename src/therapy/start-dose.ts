/**
 * The first daily dose after implant (docs/clinical-reference.md §1.3) [C: Lioresal Intrathecal / Gablofen US labels]:
 * twice the effective screening bolus for the first 24 hours; if the screening effect lasted more than 8 h,
 * the screening dose itself. No increase during the first 24 hours.
 *
 * The result is also checked against the drug library's absolute daily range: a screening dose typed in the
 * wrong unit would otherwise turn into a start dose the pump must never run.
 */
import { ItbError } from './codes.ts';
import { getDrug } from './drug-library.ts';
import type { DrugEntry } from './drug.ts';
import { reason } from './guardrail-codes.ts';
import {
  MS_PER_HOUR,
  hours,
  mcgToNg,
  nanogramsPerDay,
  ngToMcg,
  type Millis,
  type Nanograms,
  type NanogramsPerDay,
} from './quantities.ts';
import { sourced } from './sourced.ts';
import { doseText, massText } from './drug-display.ts';
import { formatNumber } from './units.ts';
import { verdictOf, type GuardrailResult, type Reason } from './verdict.ts';

const LABEL = 'Lioresal Intrathecal / Gablofen US labels';

/** The start-dose rule as data, each value with its source. */
export const START_DOSE_RULES = {
  multiplierShortEffect: sourced(2, 'C', `${LABEL}: 2× the effective screening dose`),
  multiplierLongEffect: sourced(1, 'C', `${LABEL}: 1× if the screening effect lasted > 8 h`),
  longEffectAbove: sourced(hours(8), 'C', `${LABEL}: effect lasting more than 8 hours`),
  noIncreaseFor: sourced(hours(24), 'C', `${LABEL}: no dose increase in the first 24 hours`),
  protocolDoses: sourced(
    [25, 50, 75, 100].map(mcgToNg),
    'C',
    `${LABEL}; Boster et al., Neuromodulation 2016: 50, 75, 100 µg; 25 µg for very small children`,
  ),
  effectDurationMax: sourced(
    hours(48),
    'A',
    'our input bound: a screening bolus lasts 4–8 h [C: label]; beyond 48 h is a typing slip',
  ),
} as const;

export interface StartDoseInput {
  /** The effective screening bolus. */
  readonly screeningDose: Nanograms;
  /** How long its effect lasted (0 = no response). */
  readonly effectDuration: Millis;
  /** Defaults to baclofen, the drug the screening protocol is written for. */
  readonly drug?: DrugEntry;
}

/** What `itb calc start-dose --json` prints. */
export interface StartDoseView {
  readonly dailyDoseMcg: number | null;
  readonly reasons: readonly Reason[];
}

export interface StartDoseResult extends GuardrailResult {
  /** The first-24-hour daily dose; null when the verdict is block (no response, or outside hard limits). */
  readonly dailyDose: NanogramsPerDay | null;
  readonly rule: 'double' | 'single' | 'none';
  readonly view: StartDoseView;
}

function validate(input: StartDoseInput): void {
  if (!Number.isSafeInteger(input.screeningDose) || input.screeningDose <= 0) {
    throw new ItbError('ITB_E_NON_POSITIVE', 'the screening dose must be a positive amount');
  }
  const max = START_DOSE_RULES.effectDurationMax.value;
  if (!Number.isSafeInteger(input.effectDuration) || input.effectDuration < 0 || input.effectDuration > max) {
    throw new ItbError(
      'ITB_E_OUT_OF_RANGE',
      `the screening effect must have lasted 0–${max / MS_PER_HOUR} h, got ` +
        `${formatNumber(input.effectDuration / MS_PER_HOUR, 2)} h`,
      { value: input.effectDuration, max },
    );
  }
}

/**
 * The first-24-hour daily dose from an effective screening bolus. Throws ITB_E_NON_POSITIVE or
 * ITB_E_OUT_OF_RANGE on bad input; an off-protocol screening dose warns; no response blocks (no dose).
 */
export function startDose(input: StartDoseInput): StartDoseResult {
  validate(input);
  const drug = input.drug ?? getDrug('baclofen');
  const r = START_DOSE_RULES;
  const reasons: Reason[] = [];
  const effectHours = formatNumber(input.effectDuration / MS_PER_HOUR, 2);
  const formatMass = (ng: number) => massText(ng, drug.id);
  const formatDose = (ng: number) => doseText(ng, drug.id);
  const amounts = (ngs: readonly number[]) => {
    const numbers = ngs.map((ng) => formatMass(ng).replace(/ \S+$/, ''));
    return `${numbers.slice(0, -1).join(', ')} or ${numbers.at(-1)} ${drug.labelUnit}`;
  };
  const [, , third, fourth] = r.protocolDoses.value;

  if (!r.protocolDoses.value.includes(input.screeningDose)) {
    reasons.push(
      reason(
        'ITB_R_SCREENING_DOSE_OFF_PROTOCOL',
        'warn',
        `${formatMass(input.screeningDose)} is not a protocol screening dose (${amounts(r.protocolDoses.value)}) ` +
          `[${r.protocolDoses.source}]; confirm the dose and its unit`,
        undefined,
        ngToMcg(input.screeningDose),
      ),
    );
  }

  if (input.effectDuration === 0) {
    reasons.push(
      reason(
        'ITB_R_SCREENING_NO_RESPONSE',
        'block',
        `a screening bolus without effect is not an effective screening dose: give the next protocol dose ` +
          `(${formatMass(third!)}, then ${formatMass(fourth!)}) 24 h later; no response to ${formatMass(fourth!)} → not a candidate [${LABEL}]`,
      ),
    );
    return finish(null, 'none', reasons);
  }

  const long = input.effectDuration > r.longEffectAbove.value;
  const multiplier = long ? r.multiplierLongEffect : r.multiplierShortEffect;
  // A screening bolus in ng becomes a dose per day in ng/day: same integer, no rounding.
  const daily = nanogramsPerDay(input.screeningDose * multiplier.value);
  reasons.push(
    long
      ? reason(
          'ITB_R_START_DOSE_SINGLE',
          'ok',
          `screening effect lasted ${effectHours} h (more than 8 h): first-24-hour dose = 1 × ` +
            `${formatMass(input.screeningDose)} = ${formatDose(daily)} [${multiplier.source}]`,
          8,
          Number(effectHours),
        )
      : reason(
          'ITB_R_START_DOSE_DOUBLE',
          'ok',
          `screening effect lasted ${effectHours} h (8 h or less): first-24-hour dose = 2 × ` +
            `${formatMass(input.screeningDose)} = ${formatDose(daily)} [${multiplier.source}]`,
          8,
          Number(effectHours),
        ),
    reason(
      'ITB_R_START_NO_INCREASE_24H',
      'ok',
      `do not increase the dose during the first 24 hours [${r.noIncreaseFor.source}]`,
      24,
    ),
  );

  const hard = drug.hardDoseRange;
  if (daily > hard.value.max) {
    reasons.push(
      reason(
        'ITB_R_DOSE_ABOVE_HARD_LIMIT',
        'block',
        `${formatDose(daily)} is above the absolute maximum ${formatDose(hard.value.max)} for ` +
          `${drug.name} [${hard.source}]`,
        ngToMcg(hard.value.max),
        ngToMcg(daily),
      ),
    );
  } else if (daily < hard.value.min) {
    reasons.push(
      reason(
        'ITB_R_DOSE_BELOW_HARD_LIMIT',
        'block',
        `${formatDose(daily)} is below the absolute minimum ${formatDose(hard.value.min)} for ` +
          `${drug.name} [${hard.source}]`,
        ngToMcg(hard.value.min),
        ngToMcg(daily),
      ),
    );
  }
  return finish(daily, long ? 'single' : 'double', reasons);
}

function finish(
  dailyDose: NanogramsPerDay | null,
  rule: StartDoseResult['rule'],
  reasons: Reason[],
): StartDoseResult {
  const result = verdictOf(reasons);
  // A refused dose is not printed as a number someone could program; the reason carries the figure.
  const shown = result.verdict === 'block' ? null : dailyDose;
  return {
    ...result,
    dailyDose: shown,
    rule,
    view: { dailyDoseMcg: shown === null ? null : ngToMcg(shown), reasons: result.reasons },
  };
}
