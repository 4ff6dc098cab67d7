/**
 * The board's "Days to alarm" cell, by the row's one rule (low-alarm.ts): an empty pump is past its low
 * alarm and said so once ("due now" read as if it were still to come); a pump reporting low, or a
 * calculated alarm passed, is due now; else the days to the alarm.
 */
import type { BoardRow } from './api.ts';
import { VerdictBadge } from './components.tsx';
import { daysText } from './format.ts';
import { lowAlarm } from './low-alarm.ts';

export function LowAlarmCell({
  row,
  now,
  unknown,
}: {
  readonly row: BoardRow;
  readonly now: number;
  /** What the cell says with no alarm date (no pump, or its state unknown). */
  readonly unknown: string;
}) {
  const low = lowAlarm(row, now);
  switch (low.kind) {
    case 'unknown':
      return unknown;
    case 'empty':
      return <VerdictBadge verdict="block" label="Passed: empty" />;
    case 'low':
      return (
        <VerdictBadge verdict="block" label={low.source === 'pump' ? 'Pump says low' : 'Alarm due now'} />
      );
    case 'ahead':
      return daysText(low.days);
  }
}
