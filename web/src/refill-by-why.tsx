/**
 * Why refill-by falls where it does: the low-reservoir alarm less the margin, the drug's stability limit,
 * or a new pump's first-fill limit, from the projection's `refillByCause` (src/therapy/refill-by-cause.ts)
 * in the words its ITB_R_REFILL_BY_* reason uses. A refill-by weeks before the alarm is otherwise a date
 * nobody can explain to the patient.
 */
import { refillByCauseText } from '../../src/therapy/refill-by-cause.ts';
import type { BoardRow } from './api.ts';

/** The line under a refill-by date that says what set it; nothing when refill-by is unknown. */
export function RefillByWhy({ row }: { readonly row: Pick<BoardRow, 'refillByCause' | 'lowAlarmAt'> }) {
  return row.refillByCause === null ? null : (
    <div className="muted">{refillByCauseText(row.refillByCause, row.lowAlarmAt !== null)}</div>
  );
}
