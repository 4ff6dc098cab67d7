/**
 * The CLI's dose, bolus and concentration flags, read by the web forms' one rule (therapy/dose-input.ts): a
 * bare number is in the drug's label unit (drug-display.ts: mcg for baclofen, ziconotide and clonidine, mg
 * for morphine and hydromorphone), so `--concentration 10` for morphine is 10 mg/mL, as the web form's "10"
 * is; a number with its unit ("10 mg/mL", "10000 mcg/mL", "0.2mg") is read as written and converted
 * exactly; a quantity of another dimension (mL for a dose, mg/day for a concentration) is refused naming
 * the flag (ITB_E_WRONG_UNIT) before anything is opened or changed. Every command reads these flags here.
 */
import { ItbError } from '../therapy/codes.ts';
import { inputToNgIn, type DoseInputDimension } from '../therapy/dose-input.ts';
import { labelUnitOf } from '../therapy/drug-display.ts';
import type { DrugEntry, LabelUnit } from '../therapy/drug.ts';
import {
  nanograms,
  nanogramsPerDay,
  nanogramsPerMl,
  type Nanograms,
  type NanogramsPerDay,
  type NanogramsPerMl,
} from '../therapy/quantities.ts';
import { choiceFlag, positive, required } from './parse.ts';

type Drug = string | null | undefined;

/** The help text of each kind of flag: what a bare number means. */
export const DOSE_FLAG_HELP = {
  dose: 'daily dose in the drug\'s label unit, e.g. 500 (mcg/day) for baclofen, 3 (mg/day) for morphine, or with its unit ("0.5 mg/day")',
  concentration:
    'concentration in the drug\'s label unit, e.g. 2000 (mcg/mL) for baclofen, 10 (mg/mL) for morphine, or with its unit ("10 mg/mL")',
  mass: 'amount in the drug\'s label unit, e.g. 50 (mcg) for baclofen, 0.2 (mg) for morphine, or with its unit ("0.2mg")',
} as const;

/** The parser's refusal, naming the flag it came from. */
function named(e: unknown, flag: string): unknown {
  return e instanceof ItbError ? new ItbError(e.code, `${flag}: ${e.message}`, e.details) : e;
}

/** The text in nanograms (per day, per mL), a bare number in `unit`; zero refused unless `zero`. */
function read(
  text: string | undefined,
  flag: string,
  dimension: DoseInputDimension,
  unit: LabelUnit,
  zero = false,
): number {
  const t = required(text, flag);
  let ng: number;
  try {
    ng = inputToNgIn(t, dimension, unit);
  } catch (e) {
    throw named(e, flag);
  }
  return zero ? ng : positive(ng, flag, t);
}

/** A daily dose of `drug`; zero is refused. */
export const doseFlag = (text: string | undefined, flag: string, drug: Drug): NanogramsPerDay =>
  nanogramsPerDay(read(text, flag, 'dose-rate', labelUnitOf(drug)));

/** A daily dose of `drug` that may be zero (a stop). */
export const doseOrZeroFlag = (text: string | undefined, flag: string, drug: Drug): NanogramsPerDay =>
  nanogramsPerDay(read(text, flag, 'dose-rate', labelUnitOf(drug), true));

/** A concentration of `drug`; zero is refused. */
export const concentrationFlag = (text: string | undefined, flag: string, drug: Drug): NanogramsPerMl =>
  nanogramsPerMl(read(text, flag, 'concentration', labelUnitOf(drug)));

/** An amount of `drug` (a bolus); zero is refused. */
export const massFlag = (text: string | undefined, flag: string, drug: Drug): Nanograms =>
  nanograms(read(text, flag, 'mass', labelUnitOf(drug)));

const LABEL_UNITS: readonly LabelUnit[] = ['mcg', 'mg'];

/**
 * An amount whose drug is known only once the pump is read (`itb pump bolus`, `itb pump patient-bolus`):
 * its number and dimension are checked now, before anything is opened (refused when no label unit reads
 * it), and it is read in the drug's label unit once the pump says which drug it holds.
 */
export function massFlagOfPumpDrug(text: string | undefined, flag: string): (drug: Drug) => Nanograms {
  const refusals = LABEL_UNITS.map((unit) => {
    try {
      read(text, flag, 'mass', unit);
      return undefined;
    } catch (e) {
      return e;
    }
  });
  if (!refusals.includes(undefined)) throw refusals[0];
  return (drug) => massFlag(text, flag, drug);
}

/** The help of `--origin`, wherever a command judges a titration step. */
export const ORIGIN_FLAG_HELP =
  'spasticity of spinal or cerebral origin: required for a drug that treats spasticity (its titration step and usual range depend on it)';

/**
 * The spasticity origin a titration check reads. It chooses baclofen's step (spinal +10–30 %, cerebral
 * +5–15 %) and usual range, so it is never assumed for a drug that treats spasticity: a default of spinal
 * judged a cerebral-origin patient by the wider spinal steps. A drug that does not treat spasticity has one
 * adult range and one step rule for both origins (drug-library.test.ts "a pain drug's verdict does not
 * depend on the spasticity origin"), so for it the flag may be left out.
 */
export function originFlag(text: string | undefined, drug: DrugEntry): 'spinal' | 'cerebral' {
  if (text === undefined && drug.treats !== 'spasticity') return 'spinal';
  if (text === undefined) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `--origin is required for ${drug.id}: spinal or cerebral (its titration step and usual range depend on it); nothing was changed`,
    );
  }
  return choiceFlag(text, '--origin', ['spinal', 'cerebral'] as const);
}
