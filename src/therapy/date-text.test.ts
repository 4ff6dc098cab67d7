/**
 * The one date format (therapy/date-text.ts) for the dates that have no zone: a birth date or an implant date
 * the records keep as "1980-05-01", and a clinic day already counted in the clinic's zone (the API's `day=`).
 */
import { describe, expect, it, vi } from 'vitest';
import { calendarDayText, dayText, isoDayText } from './date-text.ts';

describe('dates with no zone', () => {
  it('a birth date printed as ISO ("born 1980-05-01"): it reads "1 May 1980" whatever the zone, never shifted a day', () => {
    expect(calendarDayText('1980-05-01')).toBe('1 May 1980');
    expect(calendarDayText('2000-02-29')).toBe('29 Feb 2000');
    expect(calendarDayText('1975-12-31T00:00:00Z')).toBe('31 Dec 1975');
  });

  it('a clinic day printed as ISO ("Clinic day 2024-01-01"): it reads as dayText writes the same day in the clinic\'s zone', () => {
    const eveningInHonolulu = Date.UTC(2024, 0, 2, 9, 30); // 23:30 on 1 Jan in Honolulu
    expect(isoDayText('2024-01-01')).toBe(dayText(eveningInHonolulu, 'Pacific/Honolulu'));
    expect(isoDayText('2024-01-01')).toBe('Mon 1 Jan 2024');
  });

  it('text that is not a calendar day is left as written, not turned into another day', () => {
    for (const text of ['1980-02-30', '1980-13-01', 'unknown', '']) {
      expect(calendarDayText(text)).toBe(text);
      expect(isoDayText(text)).toBe(text);
    }
  });
});

describe('the board regression of round 7 (CPU per page 24 → 42 ms)', () => {
  it('a page of instants in one zone builds its date formatter once, not once per date', async () => {
    const { instantText } = await import('./date-text.ts');
    const { clinicInstantText } = await import('../clinic/time-zone.ts');
    const zone = 'America/Chicago';
    instantText(0, zone);
    clinicInstantText(0);
    const spy = vi.spyOn(Intl, 'DateTimeFormat');
    try {
      for (let i = 0; i < 300; i++) {
        instantText(Date.UTC(2027, 1, 8) + i * 3_600_000, zone);
        clinicInstantText(Date.UTC(2027, 1, 8) + i * 3_600_000);
      }
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    expect(instantText(Date.UTC(2027, 1, 8, 14, 15), zone)).toBe('Mon 8 Feb 2027 08:15 GMT-6');
  });
});
