/**
 * The patient page said when the low-reservoir alarm sounds and when the refill is due, never when the pump
 * runs dry (web/src/empty-date.ts): the date withdrawal starts from, read from the board row's own instants.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyText } from '../../web/src/empty-date.ts';

const NOW = Date.UTC(2026, 11, 4, 17, 0);
const DAY = 86_400_000;

describe('the empty date on the patient page', () => {
  it('the patient page said when the low alarm sounds and the refill is due, never when the pump runs dry', () => {
    const page = readFileSync(new URL('../../web/src/pages/PatientPage.tsx', import.meta.url), 'utf8');
    expect(page).toMatch(
      /<dt>Empty<\/dt>\s*<dd>\{row === null \? 'unknown' : emptyText\(row, data\.now, stopped !== null\)\}<\/dd>/,
    );
    expect(emptyText({ emptySince: null, emptyAt: NOW + 4.5 * DAY }, NOW)).toBe(
      'Wed 9 Dec 2026 05:00 UTC (in 4.5 days, calculated): delivery stops then and withdrawal follows unless the pump is refilled',
    );
  });

  it('an empty pump says since when, and an unknown one says so', () => {
    expect(emptyText({ emptySince: NOW - 2 * DAY, emptyAt: NOW - 2 * DAY }, NOW)).toMatch(
      /^EMPTY since Wed 2 Dec 2026 .*: no drug is delivered — withdrawal risk$/,
    );
    expect(emptyText({ emptySince: null, emptyAt: null }, NOW)).toBe('unknown');
  });

  it('the Empty line said "delivery stops then" of a pump the clinic had already stopped: it says the date is the programmed rate\'s and nothing is delivered now', () => {
    const text = emptyText({ emptySince: null, emptyAt: NOW + 62 * DAY }, NOW, true);
    expect(text).toMatch(/\(in 62 days, calculated at the programmed rate\): nothing is delivered now/);
    expect(text).not.toMatch(/delivery stops then/);
  });
});
