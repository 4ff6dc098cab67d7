/**
 * Exact quantities (docs/architecture.md principle 3): volumes in integer nanolitres, drug amounts in integer
 * nanograms, times in integer milliseconds. Each is a branded number so that a volume cannot be passed where
 * a mass is expected; conversion to and from clinicians' units happens only at the edges (see units.ts).
 */
import { ItbError } from './codes.ts';

declare const unitBrand: unique symbol;
type Branded<U extends string> = number & { readonly [unitBrand]: U };

/** Volume in nanolitres (1 mL = 1,000,000 nL). */
export type Nanolitres = Branded<'nL'>;
/** Drug amount in nanograms (1 µg = 1,000 ng; 1 mg = 1,000,000 ng). */
export type Nanograms = Branded<'ng'>;
/** Flow in nanolitres per day. */
export type NanolitresPerDay = Branded<'nL/d'>;
/** Dose rate in nanograms per day. */
export type NanogramsPerDay = Branded<'ng/d'>;
/** Concentration in nanograms per millilitre (2000 µg/mL = 2,000,000 ng/mL). */
export type NanogramsPerMl = Branded<'ng/mL'>;
/** A duration in milliseconds. */
export type Millis = Branded<'ms'>;
/** An instant: milliseconds since 1970-01-01T00:00:00Z (UTC). */
export type EpochMs = Branded<'epoch-ms'>;

export const NL_PER_ML = 1_000_000;
export const NG_PER_MCG = 1_000;
export const NG_PER_MG = 1_000_000;
export const MS_PER_SECOND = 1_000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

function integer<T extends number>(value: number, what: string): T {
  if (!Number.isSafeInteger(value)) {
    throw new ItbError('ITB_E_INVALID_INPUT', `${what} must be a safe integer, got ${value}`);
  }
  return value as T;
}

export const nanolitres = (v: number): Nanolitres => integer(v, 'nanolitres');
export const nanograms = (v: number): Nanograms => integer(v, 'nanograms');
export const nanolitresPerDay = (v: number): NanolitresPerDay => integer(v, 'nanolitres per day');
export const nanogramsPerDay = (v: number): NanogramsPerDay => integer(v, 'nanograms per day');
export const nanogramsPerMl = (v: number): NanogramsPerMl => integer(v, 'nanograms per mL');
export const millis = (v: number): Millis => integer(v, 'milliseconds');
export const epochMs = (v: number): EpochMs => integer(v, 'epoch milliseconds');

/**
 * round(a × b / c) with half away from zero, exact for any safe-integer inputs: the product is formed in
 * BigInt so 40 mL × 2000 µg/mL in nanounits never loses a digit.
 */
export function mulDiv(a: number, b: number, c: number): number {
  if (c === 0) throw new ItbError('ITB_E_INVALID_INPUT', 'division by zero');
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  const sign = n < 0n !== d < 0n ? -1n : 1n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (2n * an + ad) / (2n * ad);
  const result = Number(sign * q);
  if (!Number.isSafeInteger(result))
    throw new ItbError('ITB_E_OUT_OF_RANGE', 'result exceeds safe integer range');
  return result;
}

/** Converts clinicians' decimal units to nanounits, rounding to the nearest integer. */
export const mlToNl = (ml: number): Nanolitres => nanolitres(Math.round(ml * NL_PER_ML));
export const mcgToNg = (mcg: number): Nanograms => nanograms(Math.round(mcg * NG_PER_MCG));
export const nlToMl = (nl: number): number => nl / NL_PER_ML;
export const ngToMcg = (ng: number): number => ng / NG_PER_MCG;
export const mcgPerDay = (mcg: number): NanogramsPerDay => nanogramsPerDay(Math.round(mcg * NG_PER_MCG));
export const mcgPerMl = (mcg: number): NanogramsPerMl => nanogramsPerMl(Math.round(mcg * NG_PER_MCG));
export const mlPerDay = (ml: number): NanolitresPerDay => nanolitresPerDay(Math.round(ml * NL_PER_ML));
export const hours = (h: number): Millis => millis(Math.round(h * MS_PER_HOUR));
export const days = (d: number): Millis => millis(Math.round(d * MS_PER_DAY));

/** The flow that delivers `dose` at `concentration` (rounded to the nearest nL/day). */
export function doseToFlow(dose: NanogramsPerDay, concentration: NanogramsPerMl): NanolitresPerDay {
  return nanolitresPerDay(mulDiv(dose, NL_PER_ML, concentration));
}

/** The dose that `flow` delivers at `concentration` (rounded to the nearest ng/day). */
export function flowToDose(flow: NanolitresPerDay, concentration: NanogramsPerMl): NanogramsPerDay {
  return nanogramsPerDay(mulDiv(flow, concentration, NL_PER_ML));
}

/** Drug mass in a volume of solution. */
export function massInVolume(volume: Nanolitres, concentration: NanogramsPerMl): Nanograms {
  return nanograms(mulDiv(volume, concentration, NL_PER_ML));
}

/** Volume of solution that holds a drug mass. */
export function volumeForMass(mass: Nanograms, concentration: NanogramsPerMl): Nanolitres {
  return nanolitres(mulDiv(mass, NL_PER_ML, concentration));
}

/** Volume delivered by `flow` over `duration` (rounded to the nearest nL). */
export function volumeOver(flow: NanolitresPerDay, duration: Millis): Nanolitres {
  return nanolitres(mulDiv(flow, duration, MS_PER_DAY));
}

/** The time `flow` takes to deliver `volume` (rounded up: never claim a volume is gone before it is). */
export function timeToDeliver(volume: Nanolitres, flow: NanolitresPerDay): Millis | undefined {
  if (flow <= 0) return undefined;
  return millis(Number((BigInt(volume) * BigInt(MS_PER_DAY) + BigInt(flow) - 1n) / BigInt(flow)));
}
