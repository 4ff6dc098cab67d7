/**
 * Why refill-by falls where it does, in the projection's own words: the low-reservoir alarm less the margin,
 * the drug's stability limit, or a new pump's first-fill limit (src/therapy/projection.ts, ITB_R_REFILL_BY_*).
 * A refill-by weeks before the alarm is otherwise a date nobody can explain to the patient.
 */
import type { Reason } from './api.ts';
import { clinicianText } from './reason-text.ts';

/** "set by morphine's 90-day stability limit, before the low-reservoir alarm", or null without a reason. */
export function refillByWhy(reasons: readonly Reason[]): string | null {
  const r = reasons.find(
    (x) => x.code.startsWith('ITB_R_REFILL_BY_') && x.code !== 'ITB_R_REFILL_BY_UNKNOWN',
  );
  if (r === undefined) return null;
  const text = clinicianText(r.message).text;
  // The reason opens with the date the page already shows ("refill by Fri 22 Jan 2027 09:33 UTC: …").
  const cut = text.indexOf(': ');
  return cut < 0 ? text : text.slice(cut + 2);
}

/** The line under a refill-by date that says what set it; nothing when no reason says. */
export function RefillByWhy({ reasons }: { readonly reasons: readonly Reason[] }) {
  const why = refillByWhy(reasons);
  return why === null ? null : <div className="muted">{why}</div>;
}
