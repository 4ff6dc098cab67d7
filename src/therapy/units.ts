/**
 * Parsing of what clinicians type ("500 mcg/day", "0.5 mg/day", "500 µg/d", "2 mg/mL", "0.25 mL/day") into
 * exact quantities, and formatting back for people. Decimal text is converted exactly (no binary floating
 * point on the way in), so "0.1 mL" is exactly 100,000 nL.
 */
import { num } from './display-numbers.ts';
import type { LabelUnit } from './drug.ts';
import { ItbError } from './codes.ts';
import {
  NG_PER_MCG,
  NG_PER_MG,
  NL_PER_ML,
  type Nanograms,
  type NanogramsPerDay,
  type NanogramsPerMl,
  type Nanolitres,
  type NanolitresPerDay,
} from './quantities.ts';

/** A parsed quantity, tagged by dimension. */
export type Quantity =
  | { readonly dimension: 'mass'; readonly ng: Nanograms }
  | { readonly dimension: 'volume'; readonly nl: Nanolitres }
  | { readonly dimension: 'dose-rate'; readonly ngPerDay: NanogramsPerDay }
  | { readonly dimension: 'flow'; readonly nlPerDay: NanolitresPerDay }
  | { readonly dimension: 'concentration'; readonly ngPerMl: NanogramsPerMl }
  /** A catheter's length, in whole millimetres (the resolution the implant record keeps). */
  | { readonly dimension: 'length'; readonly mm: number };

export type Dimension = Quantity['dimension'];

const MASS_UNITS: Record<string, number> = {
  ng: 1,
  mcg: NG_PER_MCG,
  ug: NG_PER_MCG,
  µg: NG_PER_MCG,
  μg: NG_PER_MCG, // Greek mu, as typed on many keyboards
  mg: NG_PER_MG,
};
const VOLUME_UNITS: Record<string, number> = { nl: 1, ul: 1_000, µl: 1_000, μl: 1_000, ml: NL_PER_ML };
const LENGTH_UNITS: Record<string, number> = { mm: 1, cm: 10 };
const PER_DAY = new Set(['day', 'd', '24h', '24 h']);

/** Exact decimal-string × integer factor → integer, or undefined if not a whole number of base units. */
function scaleDecimal(text: string, factor: number): number | undefined {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const whole = m[1] ?? '0';
  const frac = m[2] ?? '';
  const scaled = (BigInt(whole + frac) * BigInt(factor)) / 10n ** BigInt(frac.length);
  const exact = BigInt(whole + frac) * BigInt(factor) === scaled * 10n ** BigInt(frac.length);
  if (!exact) return undefined;
  const n = Number(scaled);
  return Number.isSafeInteger(n) ? n : undefined;
}

function fail(code: string, message: string): never {
  throw new ItbError(code, message);
}

/** A number grouped in thousands as people read it ("1,000", "12,500.5"). */
const THOUSANDS = /^\+?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$/;

/**
 * What to type instead of a number with a comma. Grouped in thousands with a decimal point or more than one
 * comma ("12,500.5", "1,000,000") it can only be thousands; "1,000" can be one thousand or, with a decimal
 * comma, one: both are named with what to type for each. Anything else is a decimal comma.
 */
function commaAdvice(number: string): string {
  if (!THOUSANDS.test(number)) return 'use a decimal point, not a comma (e.g. 0.25)';
  const thousands = number.replaceAll(',', '');
  if (number.includes('.') || number.split(',').length > 2) {
    return `type ${thousands} without the thousands separator (no commas in a number)`;
  }
  const decimal = String(Number(number.replace(',', '.')));
  return (
    `no commas in a number — type ${thousands} if you mean ${thousands} (thousands separator), or ` +
    `${decimal} if the comma is a decimal comma`
  );
}

/**
 * Parses a quantity such as "500 mcg/day". Throws ITB_E_UNKNOWN_UNIT for a unit it does not know and
 * ITB_E_INVALID_INPUT for a malformed or negative number.
 */
export function parseQuantity(input: string): Quantity {
  const text = input.trim().replace(/\s+/g, ' ');
  const m = /^([+-]?[\d.,]+)\s*(.*)$/.exec(text);
  if (!m || m[1] === undefined) {
    return fail('ITB_E_INVALID_INPUT', `"${input}" is not a number with a unit, e.g. "500 mcg/day"`);
  }
  const number = m[1];
  const unitText = (m[2] ?? '').trim();
  if (number.startsWith('-')) return fail('ITB_E_NON_POSITIVE', `"${input}" is negative`);
  if (number.includes(',')) {
    // A comma is read neither way (a decimal comma read as a separator is a 1000× slip, and the reverse).
    // "1,000" is how this system prints one thousand, but a decimal comma writes one the same way: the
    // refusal names both readings and the typing of each, never only the one that makes 1.000 of 1,000.
    return fail('ITB_E_INVALID_INPUT', `"${input}": ${commaAdvice(number)}`);
  }
  const digits = number.replace(/^\+/, '');
  if (!/^\d+(\.\d+)?$/.test(digits)) return fail('ITB_E_INVALID_INPUT', `"${number}" is not a number`);
  if (unitText === '') {
    return fail('ITB_E_UNKNOWN_UNIT', `"${input}" has no unit; write e.g. "500 mcg/day" or "2 mg/mL"`);
  }

  const [numUnitRaw, perRaw, ...rest] = unitText.split('/').map((s) => s.trim());
  if (rest.length > 0 || numUnitRaw === undefined)
    return fail('ITB_E_UNKNOWN_UNIT', `unknown unit "${unitText}"`);
  const numUnit = numUnitRaw.toLowerCase();
  const per = perRaw?.toLowerCase();

  const scaled = (factor: number): number => {
    const v = scaleDecimal(digits, factor);
    if (v === undefined) {
      return fail('ITB_E_INVALID_INPUT', `"${input}" has more decimal places than the system resolves`);
    }
    return v;
  };

  const mass = MASS_UNITS[numUnit];
  const volume = VOLUME_UNITS[numUnit];
  const length = LENGTH_UNITS[numUnit];
  if (length !== undefined && per === undefined) return { dimension: 'length', mm: scaled(length) };
  if (mass !== undefined) {
    if (per === undefined) return { dimension: 'mass', ng: scaled(mass) as Nanograms };
    if (PER_DAY.has(per)) return { dimension: 'dose-rate', ngPerDay: scaled(mass) as NanogramsPerDay };
    if (per === 'ml') return { dimension: 'concentration', ngPerMl: scaled(mass) as NanogramsPerMl };
  } else if (volume !== undefined) {
    if (per === undefined) return { dimension: 'volume', nl: scaled(volume) as Nanolitres };
    if (PER_DAY.has(per)) return { dimension: 'flow', nlPerDay: scaled(volume) as NanolitresPerDay };
  }
  return fail(
    'ITB_E_UNKNOWN_UNIT',
    `unknown unit "${unitText}"; use mcg, mg, mL with /day or /mL (e.g. "500 mcg/day", "2 mg/mL", "0.25 mL/day")`,
  );
}

/** The units a field of each dimension takes, with an example: the hint of an unknown unit. */
const UNITS_FOR: Record<Dimension, string> = {
  mass: 'use mcg or mg (e.g. "50 mcg", "1 mg")',
  volume: 'use mL (e.g. "19.5 mL")',
  'dose-rate': 'use mcg/day or mg/day (e.g. "500 mcg/day", "3 mg/day")',
  flow: 'use mL/day (e.g. "0.25 mL/day")',
  concentration: 'use mcg/mL or mg/mL (e.g. "2000 mcg/mL", "2 mg/mL")',
  length: 'use cm or mm (e.g. "50 cm", "500 mm")',
};

/** Parses a quantity and insists on one dimension; a bare number is read in `defaultUnit` if given. */
export function parseAs<D extends Dimension>(
  input: string | number,
  dimension: D,
  defaultUnit?: string,
): Extract<Quantity, { dimension: D }> {
  const text = typeof input === 'number' ? String(input) : input.trim();
  const withUnit = /^[+-]?[\d.,]+$/.test(text) && defaultUnit ? `${text} ${defaultUnit}` : text;
  let q: Quantity;
  try {
    q = parseQuantity(withUnit);
  } catch (e) {
    // The unit hint of the quantity asked for: a catheter length typed "5O" was told to use mcg, mg or mL.
    if (e instanceof ItbError && e.code === 'ITB_E_UNKNOWN_UNIT') {
      throw new ItbError('ITB_E_UNKNOWN_UNIT', `${e.message.replace(/;.*$/, '')}; ${UNITS_FOR[dimension]}`);
    }
    throw e;
  }
  if (q.dimension !== dimension) {
    throw new ItbError(
      'ITB_E_WRONG_UNIT',
      `"${text}" is a ${q.dimension.replace('-', ' ')}, but a ${dimension.replace('-', ' ')} is needed`,
    );
  }
  return q as Extract<Quantity, { dimension: D }>;
}

/** Formats a number with at most `maxDecimals` decimals, trailing zeros dropped. */
export function formatNumber(value: number, maxDecimals = 3): string {
  const fixed = value.toFixed(maxDecimals);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** Nanograms per unit a label may state doses in, and the decimals shown in it. */
const NG_PER: Record<LabelUnit, number> = { mcg: NG_PER_MCG, mg: NG_PER_MCG * 1000 };
const inUnit = (ng: number, unit: LabelUnit, decimals: number): string =>
  num(ng / NG_PER[unit], unit === 'mg' ? 3 : decimals);

/**
 * Doses, masses and concentrations for people, the one formatter (change lines, reasons, pages, paper): with
 * the locale's separators ("1,000 mcg/day") and in the unit the drug's label uses (`unit`, from
 * drug-display.ts for a known drug: "3.3 mg/day" for morphine). "500 mcg/day"
 */
export const formatDose = (ngPerDay: number, unit: LabelUnit = 'mcg'): string =>
  `${inUnit(ngPerDay, unit, 2)} ${unit}/day`;
/** "0.25 mL/day" */
export const formatFlow = (nlPerDay: number): string => `${formatNumber(nlPerDay / NL_PER_ML, 4)} mL/day`;
/** "2,000 mcg/mL", "25 mg/mL" */
export const formatConcentration = (ngPerMl: number, unit: LabelUnit = 'mcg'): string =>
  `${inUnit(ngPerMl, unit, 2)} ${unit}/mL`;
/** "18.5 mL" */
export const formatVolume = (nl: number): string => `${formatNumber(nl / NL_PER_ML, 3)} mL`;
/** "50 mcg", "0.2 mg" */
export const formatMass = (ng: number, unit: LabelUnit = 'mcg'): string => `${inUnit(ng, unit, 3)} ${unit}`;
