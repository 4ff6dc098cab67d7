/**
 * A patient's age, from the one record of it: the birth date. The therapy rules ask for the age in years
 * (baclofen's children's ranges and steps under 12, each drug's and device's age floor: docs/clinical-
 * reference.md §1.4, §2, §3), and the age band shown beside a patient is the same age in words. Both are
 * computed on the day they are asked for, so a child who turns 12 leaves the children's rows that day,
 * and no band typed apart from the birth date can disagree with it (finding: a six-year-old registered
 * with the form's default band "18-64" was titrated by the adult steps and ranges, and every child in the
 * band under-12 was taken as 11, above baclofen's floor of 4).
 */
import { ItbError } from '../therapy/codes.ts';
import { CHILD_AGE_LIMIT_YEARS } from '../therapy/drug-library.ts';
import type { AgeBand } from './records.ts';

const BIRTH_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Completed years on the UTC calendar day of `at` for a YYYY-MM-DD birth date (a birthday on 29 February
 * is reached on 1 March in other years).
 */
export function ageYearsOn(birthDate: string, at: number): number {
  const m = BIRTH_DATE.exec(birthDate);
  if (m === null) throw new RangeError(`a birth date is YYYY-MM-DD, got "${birthDate}"`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(at);
  const [ty, tm, td] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
  const age = ty - y - (tm < mo || (tm === mo && td < d) ? 1 : 0);
  return Math.max(0, age);
}

/** The age band of an age in years (under-12 is the label's children: {@link CHILD_AGE_LIMIT_YEARS}). */
export const ageBandOf = (ageYears: number): AgeBand =>
  ageYears < CHILD_AGE_LIMIT_YEARS.value
    ? 'under-12'
    : ageYears < 18
      ? '12-17'
      : ageYears < 65
        ? '18-64'
        : '65-plus';

/** The age band on the day of `at` for a YYYY-MM-DD birth date. */
export const ageBandOn = (birthDate: string, at: number): AgeBand => ageBandOf(ageYearsOn(birthDate, at));

/** The age the therapy rules are given for `patient` on the day of `at`: completed years from the birth date. */
export const rulesAgeOf = (patient: { readonly birthDate: string }, at: number): number =>
  ageYearsOn(patient.birthDate, at);

/**
 * The oldest age a registered patient may have [A]: above the oldest verified human lifespan (122 years), so
 * only a slip of the year is refused (0001-01-01, 1026 for 2026), never a real patient.
 */
export const OLDEST_AGE_YEARS = 130;

/**
 * The age band a patient is registered with on the day of `at`: the one the birth date gives. A birth date
 * after that day or more than {@link OLDEST_AGE_YEARS} before it, or a band given that the birth date
 * contradicts, is refused (ITB_E_INVALID_INPUT) and nothing is written.
 */
export function registeredAgeBand(birthDate: string, given: AgeBand | undefined, at: number): AgeBand {
  if (birthDate > new Date(at).toISOString().slice(0, 10)) {
    throw new ItbError('ITB_E_INVALID_INPUT', `invalid patient: the birth date ${birthDate} is after today`, {
      issues: [{ path: ['birthDate'], message: 'a birth date cannot be after today' }],
    });
  }
  const age = ageYearsOn(birthDate, at);
  if (age > OLDEST_AGE_YEARS) {
    const message = `a birth date ${age} years ago is no living patient's: check the year`;
    throw new ItbError('ITB_E_INVALID_INPUT', `invalid patient: ${message}`, {
      issues: [{ path: ['birthDate'], message }],
    });
  }
  const band = ageBandOf(age);
  if (given !== undefined && given !== band) {
    const message = `the age band ${given} does not match the birth date ${birthDate}: ${age} years today, band ${band}`;
    throw new ItbError('ITB_E_INVALID_INPUT', `invalid patient: ${message}`, {
      issues: [{ path: ['ageBand'], message }],
    });
  }
  return band;
}
