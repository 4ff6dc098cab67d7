/**
 * Numbers as clinicians read them on the pages and on paper, in one place so a printed summary and the
 * screen it summarises write the same figure the same way. Units are always written out (never a bare
 * number: docs/clinical-reference.md §3), and numbers go through Intl so 302930 reads "302,930" (a misread
 * magnitude is a tenfold dosing error). Pure: no clock, no locale of the machine (always en-GB).
 */
export const NL_PER_ML = 1_000_000;
export const NG_PER_MCG = 1000;

const LOCALE = 'en-GB';

/**
 * One formatter per number of decimals, built on first use: building an Intl.NumberFormat costs far more than
 * formatting with one, and the simulator formats a concentration at every refill and programming check
 * (docs/performance.md, Population).
 */
const FORMATS = new Map<number, Intl.NumberFormat>();

/** A number with the locale's separators and at most `decimals` decimals: 302930 → "302,930". */
export function num(n: number, decimals = 2): string {
  let format = FORMATS.get(decimals);
  if (format === undefined) {
    format = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: decimals });
    FORMATS.set(decimals, format);
  }
  return format.format(n);
}

/** Nanolitres as "3.92 mL". */
export const mL = (nl: number, decimals = 2): string => `${num(nl / NL_PER_ML, decimals)} mL`;
/** Nanograms as "25 mcg" (never "µg": ISMP). */
export const mcg = (ng: number): string => `${num(ng / NG_PER_MCG, 2)} mcg`;
/** ng/mL as "500 mcg/mL". */
export const mcgPerMl = (ngPerMl: number): string => `${num(ngPerMl / NG_PER_MCG, 2)} mcg/mL`;

/**
 * Separators for the numbers of a sentence (4 digits and more; decimals kept): "302930 %" → "302,930 %",
 * so a reason reads its doses as the change lines beside it do ("1,000 mcg/day"): the pages and the CLI.
 */
export function numbersText(s: string): string {
  return s.replace(
    // A date's year ("Tue 10 Mar 2026", as the API writes a date: src/therapy/date-text.ts; or an ISO
    // "2026-03-10") is not a number, nor is a group of digits joined by a hyphen to the rest of an
    // identifier (an id "00000000-0000-…" in "no patient …" once read "no patient 0-0000-…").
    /(?<![\w.,/-]|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) )(\d{4,})(\.\d+)?(?![\w]|-\w)/g,
    (_m, int: string, dec: string | undefined) => `${num(Number(int), 0)}${dec ?? ''}`,
  );
}
