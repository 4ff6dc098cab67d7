/**
 * Three pages compared `lowAlarmAt` with their own "now" (the board's "Days to alarm" column, the patient
 * page's "Low-reservoir alarm", the reservoir note beside a dose), each by its own rule: the note said the
 * pump's low report "refill now" where the board counted days to an alarm still ahead, and the note and the
 * board's Status cell said low under "EMPTY since". Whether the reservoir is low is now the board row's
 * `lowReservoir` (src/clinic/risk-board.ts), read by all three through web/src/low-alarm.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BoardRow } from '../../src/clinic/risk-board.ts';
import { lowAlarm } from '../../web/src/low-alarm.ts';
import { reservoirWarnings } from '../../web/src/reservoir-warnings.ts';

const PAGES = ['LowAlarmCell.tsx', 'pages/PatientPage.tsx', 'reservoir-warnings.ts'] as const;
const source = (f: string) => readFileSync(new URL(`../../web/src/${f}`, import.meta.url), 'utf8');

const NOW = Date.UTC(2026, 5, 1);
const DAY = 86_400_000;
const lowReport = {
  condition: 'low-reservoir',
  severity: 'warning' as const,
  since: NOW - DAY,
  message: 'low',
};
const row = (over: Partial<BoardRow>): BoardRow =>
  ({
    status: 'ok',
    overdue: false,
    emptySince: null,
    refillBy: NOW + 10 * DAY,
    daysToRefillBy: 10,
    lowAlarmAt: NOW + 15 * DAY,
    lowReservoir: null,
    conditions: [],
    ...over,
  }) as BoardRow;

describe('the low-reservoir alarm, one rule for every page', () => {
  it('three places compare lowAlarmAt with now themselves: none does, each reads lowAlarm (low-alarm.ts)', () => {
    expect(source('pages/BoardPage.tsx')).not.toMatch(/lowAlarmAt\s*(<=|>=|<|>|-)/);
    expect(source('pages/BoardPage.tsx')).toMatch(/<LowAlarmCell /);
    for (const page of PAGES) {
      const text = source(page);
      expect(text, page).not.toMatch(/lowAlarmAt\s*(<=|>=|<|>|-)/);
      expect(text, page).toMatch(/\blowAlarm\(row/);
    }
  });

  it('the reservoir note says low exactly when the row is low, and never beside EMPTY', () => {
    const cases: readonly [string, BoardRow][] = [
      ['alarm ahead', row({})],
      [
        'the pump reports low, alarm projected ahead',
        row({ conditions: [lowReport], lowReservoir: { source: 'pump', since: lowReport.since } }),
      ],
      [
        'calculated alarm passed',
        row({ lowAlarmAt: NOW - 2 * DAY, lowReservoir: { source: 'calculated', since: NOW - 2 * DAY } }),
      ],
      [
        'EMPTY, the pump had said low',
        row({
          status: 'empty',
          overdue: true,
          emptySince: NOW - DAY,
          lowAlarmAt: NOW - 5 * DAY,
          conditions: [lowReport],
        }),
      ],
    ];
    for (const [what, r] of cases) {
      const saysLow = reservoirWarnings(r, NOW).some((w) => /low reservoir/i.test(w));
      expect(saysLow, what).toBe(lowAlarm(r, NOW).kind === 'low');
    }
  });
});
