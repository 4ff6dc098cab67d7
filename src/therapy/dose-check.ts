/**
 * Checks one daily dose or concentration against the drug library: hard limits block, usual (soft) ranges
 * warn, and a value about 1000× outside the drug's range is refused as a likely mg/mcg slip
 * (ITB_E_UNIT_SLIP). A slip is never "corrected": the message names the likely intended value and the
 * clinician must re-enter it — a silent ×1000 fix would turn the rarer genuine entry into an overdose.
 */
import { ItbError } from './codes.ts';
import type { DoseRange, DrugEntry, Population } from './drug.ts';
import { checkConcentration, inRange, isConcentrationAllowed, populationText } from './drug-library.ts';
import type { GuardrailCode } from './guardrail-codes.ts';
import { NG_PER_MCG, NG_PER_MG, type NanogramsPerDay, type NanogramsPerMl } from './quantities.ts';
import { sourced } from './sourced.ts';
import { ngPerLabelUnit } from './drug-display.ts';
import { formatNumber } from './units.ts';
import { reasonFor, verdictOf, type GuardrailResult, type Reason } from './verdict.ts';
import type { TherapyCode } from './codes.ts';

/** mg ↔ mcg: the slip this module looks for. */
export const UNIT_SLIP_FACTOR = sourced(1000, 'C', 'SI: 1 mg = 1000 µg');
/**
 * How far outside the usual range a value must lie before it reads as a slip rather than an ordinary range
 * violation (our choice): 10× leaves near misses (e.g. 11 mg/day hydromorphone) as plain hard-limit blocks.
 */
export const UNIT_SLIP_MIN_DISTANCE = sourced(10, 'A', 'our choice: at least 10× outside the usual range');

type Code = TherapyCode | GuardrailCode;

/**
 * Builds a reason; `limit` and `value` are in the API's unit (mcg/day or mcg/mL) whatever unit the message
 * writes the dose in (the drug's label unit).
 */
export const doseReason = reasonFor<Code>();

const mcg = (ng: number): number => ng / NG_PER_MCG;
const num = (v: number): string => formatNumber(v, 4);
/** A daily dose in the drug's label unit with four decimals at most: "2003 mcg/day", "3 mg/day". */
const perDay = (drug: DrugEntry, ng: number): string =>
  `${num(ng / ngPerLabelUnit(drug.id))} ${drug.labelUnit}/day`;
/** "12–2003 mcg/day"; "0.2–1 mg/day" for a drug labelled in mg. */
export const rangeText = (r: DoseRange, drug: DrugEntry): string =>
  `${num(r.min / ngPerLabelUnit(drug.id))}–${perDay(drug, r.max)}`;

/**
 * The usual range that applies: the population's own, or — when no population is given — the span of all
 * the drug's usual ranges (a dose outside every one of them warns even when the population is unknown).
 */
export function usualRange(drug: DrugEntry, population?: Population): DoseRange | undefined {
  if (population !== undefined) return drug.softDoseRange[population]?.value;
  const ranges = Object.values(drug.softDoseRange).map((s) => s.value);
  if (ranges.length === 0) return undefined;
  return {
    min: Math.min(...ranges.map((r) => r.min)) as NanogramsPerDay,
    max: Math.max(...ranges.map((r) => r.max)) as NanogramsPerDay,
  };
}

/**
 * A likely mg/mcg slip in a daily dose, as a blocking reason, or undefined. A slip is a dose outside the
 * hard range, at least {@link UNIT_SLIP_MIN_DISTANCE}× outside the usual range, that lands inside the hard
 * range when multiplied or divided by 1000.
 */
export function detectDoseSlip(drug: DrugEntry, dose: number): Reason | undefined {
  const hard = drug.hardDoseRange.value;
  const usual = usualRange(drug) ?? hard;
  const f = UNIT_SLIP_FACTOR.value;
  const d = UNIT_SLIP_MIN_DISTANCE.value;
  if (hard.max <= 0 || dose <= 0 || inRange(dose, hard)) return undefined;
  if (dose >= usual.max * d && inRange(dose / f, hard)) {
    const typed = num(dose / NG_PER_MG);
    return doseReason(
      'ITB_R_LIKELY_UNIT_SLIP',
      'block',
      `${typed} mg/day is about 1000× the ${drug.id} range (${rangeText(hard, drug)}); ` +
        `did you mean ${typed} mcg/day? Nothing was changed: re-enter the dose with its unit.`,
      mcg(hard.max),
      mcg(dose),
    );
  }
  if (dose * d <= usual.min && inRange(dose * f, hard)) {
    const typed = num(mcg(dose));
    return doseReason(
      'ITB_R_LIKELY_UNIT_SLIP',
      'block',
      `${typed} mcg/day is about 1/1000 of the ${drug.id} range (${rangeText(hard, drug)}); ` +
        `did you mean ${typed} mg/day? Nothing was changed: re-enter the dose with its unit.`,
      mcg(hard.min),
      mcg(dose),
    );
  }
  return undefined;
}

/** Which way a change moves the daily dose: up (a restart from nothing too), down, or unknown / none. */
export type DoseChange = 'up' | 'down' | null;

/**
 * The usual range judged by the change's direction: a dose still outside it on the side the change moves
 * away from (an increase that leaves it below the range, a decrease that leaves it above) is noted as ok,
 * not warned — the change improves it. The one rule for the titration step (titration.ts) and for a
 * prescription checked as the change it makes (prescription-rules.ts `before`); the hard range always blocks.
 */
export function towardRange(r: Reason, change: DoseChange): Reason {
  const toward =
    (r.code === 'ITB_R_DOSE_BELOW_USUAL_RANGE' && change === 'up') ||
    (r.code === 'ITB_R_DOSE_ABOVE_USUAL_RANGE' && change === 'down');
  return toward ? { ...r, severity: 'ok', message: `${r.message}; this change moves toward it` } : r;
}

/** Range reasons for a dose already known to be a safe integer and not a slip. */
export function doseRangeReasons(
  drug: DrugEntry,
  dose: number,
  population?: Population,
  what = 'daily dose',
): Reason[] {
  const hard = drug.hardDoseRange.value;
  const v = mcg(dose);
  if (hard.max === 0) {
    return dose === 0
      ? []
      : [
          doseReason(
            'ITB_R_SALINE_HAS_NO_DOSE',
            'block',
            `${drug.name} holds no drug, so a ${what} of ${perDay(drug, dose)} cannot be delivered`,
            0,
            v,
          ),
        ];
  }
  if (dose > hard.max) {
    return [
      doseReason(
        'ITB_R_DOSE_ABOVE_HARD_LIMIT',
        'block',
        `${what} ${perDay(drug, dose)} is above the ${drug.id} absolute maximum ${perDay(drug, hard.max)}`,
        mcg(hard.max),
        v,
      ),
    ];
  }
  if (dose < hard.min) {
    return [
      doseReason(
        'ITB_R_DOSE_BELOW_HARD_LIMIT',
        'block',
        `${what} ${perDay(drug, dose)} is below the ${drug.id} absolute minimum ${perDay(drug, hard.min)}`,
        mcg(hard.min),
        v,
      ),
    ];
  }
  const usual = usualRange(drug, population);
  const who = population === undefined ? 'any population' : populationText(drug, population);
  if (usual === undefined) {
    return [
      doseReason(
        'ITB_R_NO_USUAL_RANGE',
        'warn',
        `the library has no usual ${drug.id} range for ${who}; ${what} ${perDay(drug, dose)} needs review`,
        undefined,
        v,
      ),
    ];
  }
  if (dose > usual.max) {
    return [
      doseReason(
        'ITB_R_DOSE_ABOVE_USUAL_RANGE',
        'warn',
        `${what} ${perDay(drug, dose)} is above the usual ${drug.id} range for ${who} (${rangeText(usual, drug)})`,
        mcg(usual.max),
        v,
      ),
    ];
  }
  if (dose < usual.min) {
    return [
      doseReason(
        'ITB_R_DOSE_BELOW_USUAL_RANGE',
        'warn',
        `${what} ${perDay(drug, dose)} is below the usual ${drug.id} range for ${who} (${rangeText(usual, drug)})`,
        mcg(usual.min),
        v,
      ),
    ];
  }
  return [
    doseReason(
      'ITB_R_DOSE_WITHIN_RANGE',
      'ok',
      `${what} ${perDay(drug, dose)} is within the usual ${drug.id} range for ${who} (${rangeText(usual, drug)})`,
      undefined,
      v,
    ),
  ];
}

/**
 * Checks a daily dose against the drug's hard range (block) and usual range (warn; the population's own,
 * or every population's when none is given). Throws ITB_E_UNIT_SLIP for a likely mg/mcg slip,
 * ITB_E_NON_POSITIVE for a negative dose and ITB_E_INVALID_INPUT for a non-integer.
 */
export function checkDoseForDrug(
  drug: DrugEntry,
  dose: NanogramsPerDay | number,
  population?: Population,
): GuardrailResult {
  if (!Number.isSafeInteger(dose)) {
    throw new ItbError('ITB_E_INVALID_INPUT', `a dose must be a whole number of ng/day, got ${dose}`);
  }
  if (dose < 0)
    throw new ItbError('ITB_E_NON_POSITIVE', `a dose cannot be negative (${num(mcg(dose))} mcg/day)`);
  const slip = detectDoseSlip(drug, dose);
  if (slip) throw new ItbError('ITB_E_UNIT_SLIP', slip.message, { reason: slip });
  return verdictOf(doseRangeReasons(drug, dose, population));
}

/**
 * A likely mg/mcg slip in a concentration (e.g. 2 mcg/mL for 2 mg/mL baclofen), as a blocking reason, or
 * undefined. Only a concentration the library does not allow can be a slip.
 */
export function detectConcentrationSlip(drug: DrugEntry, concentration: number): Reason | undefined {
  if (concentration <= 0 || isConcentrationAllowed(drug, concentration)) return undefined;
  const f = UNIT_SLIP_FACTOR.value;
  const typedMcg = num(mcg(concentration));
  const typedMg = num(concentration / NG_PER_MG);
  const rule = drug.concentrations;
  const farAbove =
    rule.kind === 'listed' ? true : concentration >= rule.max.value * UNIT_SLIP_MIN_DISTANCE.value;
  if (farAbove && Number.isInteger(concentration / f) && isConcentrationAllowed(drug, concentration / f)) {
    return doseReason(
      'ITB_R_LIKELY_UNIT_SLIP',
      'block',
      `${typedMg} mg/mL is 1000× an allowed ${drug.id} strength; did you mean ${typedMg} mcg/mL? ` +
        'Nothing was changed: re-enter the concentration with its unit.',
      undefined,
      mcg(concentration),
    );
  }
  if (isConcentrationAllowed(drug, concentration * f)) {
    return doseReason(
      'ITB_R_LIKELY_UNIT_SLIP',
      'block',
      `${typedMcg} mcg/mL is 1/1000 of an allowed ${drug.id} strength; did you mean ${typedMcg} mg/mL ` +
        `(${num(mcg(concentration * f))} mcg/mL)? Nothing was changed: re-enter the concentration with its unit.`,
      undefined,
      mcg(concentration),
    );
  }
  return undefined;
}

/**
 * {@link checkConcentration} with slip detection first: throws ITB_E_UNIT_SLIP for a likely mg/mcg slip,
 * else ITB_E_CONCENTRATION_NOT_IN_LIBRARY for any other strength the library does not allow.
 */
export function checkConcentrationForDrug(drug: DrugEntry, concentration: number): NanogramsPerMl {
  const slip = detectConcentrationSlip(drug, concentration);
  if (slip) throw new ItbError('ITB_E_UNIT_SLIP', slip.message, { reason: slip });
  return checkConcentration(drug, concentration);
}
