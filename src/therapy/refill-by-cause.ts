/**
 * What set a projection's refill-by, as data and in words (src/therapy/projection.ts, the ITB_R_REFILL_BY_*
 * reasons): the low-reservoir alarm less the refill margin, the drug's stability limit, or a new pump's
 * first-fill limit. The reason's message and the patient page's line under the date both say it from here,
 * so the page never has to read the cause back out of a message.
 */
import type { DrugId } from './drug.ts';
import { formatNumber } from './units.ts';

export interface RefillByCause {
  /** The alarm less `days` of margin; the drug's `days`-day stability limit; a new pump's `days`-day first-fill limit. */
  readonly kind: 'alarm-margin' | 'stability' | 'first-fill';
  readonly days: number;
  /** The drug the projection read; null when none is named. */
  readonly drug: DrugId | null;
}

/**
 * The cause in words, after the date: "5 days before the low-reservoir alarm", "set by morphine's 90-day
 * stability limit, before the low-reservoir alarm". `reachesAlarm` is false when the programme never brings
 * the reservoir down to the alarm.
 */
export function refillByCauseText(cause: RefillByCause, reachesAlarm: boolean): string {
  const drug = cause.drug ?? 'the drug';
  switch (cause.kind) {
    case 'alarm-margin':
      return `${formatNumber(cause.days, 2)} days before the low-reservoir alarm`;
    case 'first-fill':
      return `the first fill of a new pump with ${drug} is due within ${cause.days} days`;
    case 'stability':
      return (
        `set by ${drug}'s ${cause.days}-day stability limit, ` +
        (reachesAlarm ? 'before the low-reservoir alarm' : 'the reservoir never reaches the alarm')
      );
  }
}
