/**
 * A dose typed in a form, in the unit the drug's label states it (drug-display.ts: mg for morphine, mcg for
 * baclofen), converted exactly to the API's unit (mcg, mcg/day, mcg/mL) in one place. A nurse who reads
 * "0.2 mg" on a morphine label types 0.2 into a box labelled "mg"; a box in mcg would take it as 1/1000 of
 * the dose (unit slip at input, docs/hazards.md). A bare number is read in the label unit; a number with its
 * unit ("200 mcg", "0.2 mg") is read as written. The decimal text is scaled by integers (units.ts), never by
 * floating point, so 0.3 mg is 300 mcg and not 300.00000000000006.
 */
import type { LabelUnit } from './drug.ts';
import { labelUnitOf, ngPerLabelUnit } from './drug-display.ts';
import { NG_PER_MCG } from './quantities.ts';
import { parseAs } from './units.ts';

export type DoseInputDimension = 'mass' | 'dose-rate' | 'concentration';

const SUFFIX: Record<DoseInputDimension, string> = { mass: '', 'dose-rate': '/day', concentration: '/mL' };

/** The unit a form's dose field takes for the drug: "mg", "mg/day", "mg/mL" for morphine; mcg… for baclofen. */
export const inputUnit = (dimension: DoseInputDimension, drug: string | null | undefined): string =>
  `${labelUnitOf(drug)}${SUFFIX[dimension]}`;

/** The typed value in nanograms (per day, per mL), exact; throws the parser's ItbError on bad input. */
export const inputToNg = (
  text: string,
  dimension: DoseInputDimension,
  drug: string | null | undefined,
): number => inputToNgIn(text, dimension, labelUnitOf(drug));

/** The typed value in nanograms, a bare number read in the label unit `labelUnit` (mcg or mg). */
export function inputToNgIn(text: string, dimension: DoseInputDimension, labelUnit: LabelUnit): number {
  const unit = `${labelUnit}${SUFFIX[dimension]}`;
  if (dimension === 'mass') return parseAs(text, 'mass', unit).ng;
  if (dimension === 'dose-rate') return parseAs(text, 'dose-rate', unit).ngPerDay;
  return parseAs(text, 'concentration', unit).ngPerMl;
}

/** Whole nanograms as an exact decimal count of `per`-nanogram units: (200000, 1000) → "200", (300, 1000) → "0.3". */
function decimal(ng: number, per: number): string {
  const places = String(per).length - 1;
  const frac = String(ng % per)
    .padStart(places, '0')
    .replace(/0+$/, '');
  const whole = String(Math.trunc(ng / per));
  return frac === '' ? whole : `${whole}.${frac}`;
}

/** Whole nanograms as an exact decimal count of mcg: 200000 → "200", 300 → "0.3". */
export const mcgDecimal = (ng: number): string => decimal(ng, NG_PER_MCG);

/** The typed dose in the API's unit, as a number: 0.2 (mg, morphine) → 200 (mcg). */
export const inputToMcg = (
  text: string,
  dimension: DoseInputDimension,
  drug: string | null | undefined,
): number => Number(mcgDecimal(inputToNg(text, dimension, drug)));

/** The typed dose as the API's text with its unit: 0.2 (mg, morphine) → "200 mcg"; 3 → "3000 mcg/day". */
export const inputToApiText = (
  text: string,
  dimension: DoseInputDimension,
  drug: string | null | undefined,
): string => `${mcgDecimal(inputToNg(text, dimension, drug))} mcg${SUFFIX[dimension]}`;

/** A dose in the API's unit (mcg…) as a bare number in the drug's label unit: 25000 → "25" for morphine. */
export const apiToInputNumber = (mcg: number, drug: string | null | undefined): string =>
  decimal(Math.round(mcg * NG_PER_MCG), ngPerLabelUnit(drug));

/** A dose in the API's unit (mcg…) as a form shows it back for editing, in the drug's label unit: 3000 → "3 mg/day". */
export const apiToInputText = (
  mcg: number,
  dimension: DoseInputDimension,
  drug: string | null | undefined,
): string => `${apiToInputNumber(mcg, drug)} ${inputUnit(dimension, drug)}`;
