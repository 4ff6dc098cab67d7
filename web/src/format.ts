/**
 * Display helpers. Units are always written out (DESIGN.md: clinicians read mcg/day, mcg/mL, mL; never a
 * bare number). Dates are shown in the browser's locale with the weekday, because refill planning is by day.
 */
export const NL_PER_ML = 1_000_000;
export const NG_PER_MCG = 1000;

const trim = (n: number, decimals: number) => String(Number(n.toFixed(decimals)));

export const mL = (nl: number, decimals = 2) => `${trim(nl / NL_PER_ML, decimals)} mL`;
export const mcg = (ng: number) => `${trim(ng / NG_PER_MCG, 2)} mcg`;
export const mcgPerMl = (ngPerMl: number) => `${trim(ngPerMl / NG_PER_MCG, 2)} mcg/mL`;

export function date(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return 'unknown';
  return new Date(ms).toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

export function dateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return 'unknown';
  return `${date(ms)} ${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

/** "in 12.5 days", "3 days overdue". */
export function daysText(days: number | null): string {
  if (days === null) return 'unknown';
  const d = Math.abs(days);
  const n = d >= 10 ? Math.round(d) : Number(d.toFixed(1));
  const unit = n === 1 ? 'day' : 'days';
  return days < 0 ? `${n} ${unit} overdue` : `${n} ${unit}`;
}

/** The dose the prescription orders over a day, in clinician units. */
export function prescriptionText(p: { readonly mode: string } & Record<string, unknown>): string {
  const conc =
    typeof p['concentrationMcgPerMl'] === 'number' ? ` of ${String(p['concentrationMcgPerMl'])} mcg/mL` : '';
  const drug = typeof p['drug'] === 'string' ? p['drug'] : '';
  switch (p.mode) {
    case 'stopped':
      return 'Stopped (no delivery)';
    case 'minimum-rate':
      return `Minimum rate — ${drug}${conc}`;
    case 'simple-continuous':
      return `${String(p['doseMcgPerDay'])} mcg/day continuous — ${drug}${conc}`;
    case 'flex':
      return `Flex schedule — ${drug}${conc}`;
    default:
      return p.mode;
  }
}
